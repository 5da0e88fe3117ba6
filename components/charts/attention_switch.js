// One head's attention map beside its layer's mean, switched here in the browser (see attention_switch.py).
// `data` is bert_explorer/attention_payload.py's packing: uint32 header length, JSON header, uint16 maps.

const plotlyLoads = (window.__bertExplorerPlotly = window.__bertExplorerPlotly || {});

function loadPlotly(relativeUrl) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  const url = new URL(relativeUrl, document.baseURI).href;
  if (!plotlyLoads[url]) {
    plotlyLoads[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { delete plotlyLoads[url]; reject(new Error(`could not load Plotly from ${url}`)); };
      document.head.appendChild(script);
    });
  }
  return plotlyLoads[url];
}

function unpack(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength)));
  return { header, view, start: 4 + headerLength, rows: new Map() };
}

// One map as rows of weights: `slot` is the head (0-based), or the number of heads for the layer's mean.
function mapRows(payload, layer, slot) {
  const { header, view, start } = payload;
  const id = `${layer}/${slot}`;
  if (!payload.rows.has(id)) {
    const size = header.tokens;
    const first = (header.layers.indexOf(layer) * (header.heads + 1) + slot) * size * size;
    const rows = [];
    for (let query = 0; query < size; query++) {
      const row = new Array(size);
      for (let key = 0; key < size; key++) {
        row[key] = view.getUint16(start + 2 * (first + query * size + key), true) / header.scale;
      }
      rows.push(row);
    }
    payload.rows.set(id, rows);
  }
  return payload.rows.get(id);
}

function numberFromUrl(name, count) {
  const value = Number(new URL(window.location.href).searchParams.get(name));
  return Number.isInteger(value) && value >= 1 && value <= count ? value : null;
}

function writeUrl(keys, layer, head) {
  const url = new URL(window.location.href);
  url.searchParams.set(keys.layer, String(layer));
  url.searchParams.set(keys.head, String(head));
  window.history.replaceState(window.history.state, "", url);
}

function picker(label, className) {
  const wrapper = document.createElement("label");
  wrapper.className = "attention-switch-picker";
  const select = document.createElement("select");
  select.className = className;
  select.setAttribute("aria-label", label);  // a wrapping label's name would include the chosen option
  wrapper.append(label, select);
  return [wrapper, select];
}

function setOptions(select, count) {
  if (select.options.length === count) return;
  select.replaceChildren(...Array.from({ length: count }, (_, i) => new Option(String(i + 1), String(i + 1))));
}

function build(parentElement) {
  const root = document.createElement("div");
  root.className = "attention-switch";
  const controls = document.createElement("div");
  controls.className = "attention-switch-controls";
  const [layerPicker, layerSelect] = picker("Layer", "attention-switch-layer");
  const [headPicker, headSelect] = picker("Head", "attention-switch-head");
  controls.append(layerPicker, headPicker);
  const note = document.createElement("div");
  note.className = "attention-switch-note";
  const charts = document.createElement("div");
  charts.className = "attention-switch-charts";
  const headChart = document.createElement("div");
  const meanChart = document.createElement("div");
  charts.append(headChart, meanChart);
  root.append(controls, note, charts);
  parentElement.appendChild(root);
  return { root, layerSelect, headSelect, note, headChart, meanChart, shown: {} };
}

function figure(chart, rows, layer, head, style) {
  const title = chart.layout.title.text.replace("{layer}", layer).replace("{head}", head);
  const layout = {
    ...chart.layout,
    title: { ...chart.layout.title, text: title, x: 0, xanchor: "left", font: { size: 16, weight: "bold" } },  // as Streamlit's theme
    font: { family: style.fontFamily, color: style.color },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
  };
  return [[{ ...chart.trace, z: rows }], layout];
}

async function draw(state, setTriggerValue) {
  const { payload, layerSelect, headSelect, note, root } = state;
  const { header } = payload;
  const layer = Number(layerSelect.value);
  const head = Number(headSelect.value);
  writeUrl(header.url_keys, layer, head);
  if (!header.layers.includes(layer - 1)) {
    note.textContent = `Fetching layer ${layer}…`;
    setTriggerValue("layer", layer);
    return;
  }
  note.textContent = "";
  const Plotly = await loadPlotly(header.plotly);
  const style = getComputedStyle(root);
  const config = { displaylogo: false, responsive: true };
  const drawn = [];
  if (state.shown.payload !== payload || state.shown.layer !== layer || state.shown.head !== head) {
    const rows = mapRows(payload, layer - 1, head - 1);
    drawn.push(Plotly.react(state.headChart, ...figure(header.head_chart, rows, layer, head, style), config));
  }
  if (state.shown.payload !== payload || state.shown.layer !== layer) {
    const rows = mapRows(payload, layer - 1, header.heads);
    drawn.push(Plotly.react(state.meanChart, ...figure(header.mean_chart, rows, layer, head, style), config));
  }
  state.shown = { payload, layer, head };
  await Promise.all(drawn);
  root.dataset.shown = `${layer},${head}`;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const state = parentElement.__attentionSwitch || (parentElement.__attentionSwitch = build(parentElement));
  state.payload = unpack(data);
  const { header } = state.payload;
  setOptions(state.layerSelect, header.num_layers);
  setOptions(state.headSelect, header.heads);
  // The URL is the view's state: the browser changes it without a rerun, so it is newer than what Python read.
  state.layerSelect.value = String(numberFromUrl(header.url_keys.layer, header.num_layers) ?? header.initial.layer);
  state.headSelect.value = String(numberFromUrl(header.url_keys.head, header.heads) ?? header.initial.head);
  const redraw = () => draw(state, setTriggerValue).catch((error) => { state.note.textContent = String(error); });
  state.layerSelect.onchange = redraw;
  state.headSelect.onchange = redraw;
  redraw();
}
