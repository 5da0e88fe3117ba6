"""One head's attention map beside its layer's mean, with the layer and head switched in the browser.

The maps go to the browser once, packed (bert_explorer/attention_payload.py), and attention_switch.js redraws the
two Plotly charts from them: a change of layer or head sends nothing to the server and runs no Python. Only
when the input is too long for every layer to go at once does a layer change ask for its layer: it reruns
this fragment, never the model. The URL keeps the layer and head (`<key>_layer`, `<key>_head`, 1-based), so a
copied link opens the same view.

Plotly.js comes from the installed plotly package, the build plotly.py writes its figures for; Streamlit
serves that folder as a (never mounted) v1 component's assets. Nothing is fetched from a CDN.
"""

from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components_v1

from bert_explorer import attention_payload, figures
from bert_explorer.attention import AttentionMaps

_SWITCH = st.components.v2.component(
    "bert_explorer.attention_switch",
    js=Path(__file__).with_name("attention_switch.js").read_text(),
    css=Path(__file__).with_name("attention_switch.css").read_text(),
    isolate_styles=False,  # Plotly puts its stylesheet (modebar, hover labels) in the document's head
)
PLOTLY_ASSETS = Path(plotly.__file__).parent / "package_data"
HOVER = "query %{y}<br>key %{x}<br>weight %{z:.4f}<extra></extra>"


def show(attention: AttentionMaps, labels: list[str], key: str) -> None:
    component_key = f"{key}_attention_switch"
    asked_key = f"{key}_attention_layer"
    layer, head = _from_url(key, attention)
    layer = min(st.session_state.get(asked_key, layer), attention.num_layers - 1)
    layers = attention_payload.layers_to_send(attention, layer)

    def remember_asked_layer() -> None:
        asked = (st.session_state.get(component_key) or {}).get("layer")
        if isinstance(asked, int) and 1 <= asked <= attention.num_layers:
            st.session_state[asked_key] = asked - 1

    payload = attention_payload.pack(attention, layers, _meta(attention, labels, key, layer, head))
    _SWITCH(data=payload, key=component_key, on_layer_change=remember_asked_layer)
    st.caption(
        "Layer and head switch here in the browser, without running anything on the server. Hover values are "
        f"to 4 decimals: the maps travel as 16-bit fractions of 1, within {attention_payload.PRECISION:.1e} of "
        "the model's float32 weights (the JSON download leaves the maps out; it keeps their summaries)."
        + ("" if len(layers) == attention.num_layers else
           " This input is long, so one layer is sent at a time: a layer change fetches its layer (the model "
           "does not run again).")
    )


def _from_url(key: str, attention: AttentionMaps) -> tuple[int, int]:
    """The layer and head (0-based) the URL asks for; the first of each when it asks for none that exists."""
    def number(name: str, count: int) -> int:
        text = st.query_params.get(name, "1")
        return int(text) - 1 if text.isdigit() and 1 <= int(text) <= count else 0

    return number(f"{key}_layer", attention.num_layers), number(f"{key}_attention_head", attention.num_heads)


def _meta(attention: AttentionMaps, labels: list[str], key: str, layer: int, head: int) -> dict:
    def chart(title: str) -> dict:
        trace, layout = figures.heatmap_spec(labels, labels, title, "attends to (key)", "token (query)",
                                             zmin=0, zmax=1)
        return {"trace": {**trace, "hovertemplate": HOVER}, "layout": layout}

    assets = components_v1.declare_component("plotly_assets", path=str(PLOTLY_ASSETS))  # idempotent
    return {
        # "head" alone names a task head in this app (?eval_head=); in a URL an attention head is spelled out.
        "url_keys": {"layer": f"{key}_layer", "head": f"{key}_attention_head"},
        "initial": {"layer": layer + 1, "head": head + 1},
        "plotly": f"component/{assets.name}/plotly.min.js",
        # {layer} and {head} are filled in by the browser, 1-based as papers count them.
        "head_chart": chart("Layer {layer}, head {head}"),
        "mean_chart": chart(f"Layer {{layer}}, mean over {attention.num_heads} heads"),
    }
