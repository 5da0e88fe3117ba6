"""Copy a link to this view: the browser's own address, which every setting of the page keeps up to date
(widgets are bound to the URL), read when the button is clicked, so a view changed inside a fragment (a
layer, a head) is in it too. The students' and presenter variants swap the class flags."""

import json

import streamlit as st

from components.services.class_modes import GUESS, LESSON, PRESENTER

BUTTONS = (("", "Copy link", "This view, as it is now"),
           (GUESS, "Students' link", "Predict, then reveal: each student guesses before the model answers"),
           (PRESENTER, "Presenter link", "Large type for a projector"))

_PAGE = """<style>
  body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", sans-serif; font-size: 13px; }
  .links { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
  button { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 8px; background: white; padding: 4px 10px;
           font: inherit; cursor: pointer; }
  button:hover { border-color: #D55E00; color: #D55E00; }
  input { display: none; flex: 1 1 100%; font: 12px monospace; border: none; background: transparent; color: #555; }
</style>
<div class="links">BUTTONS<input id="link" readonly aria-label="Copied link"></div>
<script>
  const classFlags = FLAGS;
  function linkFor(flag) {
    const url = new URL(window.parent.location.href);
    if (flag) { classFlags.forEach(f => url.searchParams.delete(f)); url.searchParams.set(flag, "1"); }
    return url.toString();
  }
  // The frame takes the height of its buttons, which wrap on a narrow screen: never clipped, never a blank band.
  const fit = () => { if (window.frameElement) window.frameElement.style.height = document.body.scrollHeight + "px"; };
  new ResizeObserver(fit).observe(document.body);
  fit();
  document.querySelectorAll("button").forEach(button => button.addEventListener("click", async () => {
    const box = document.getElementById("link");
    box.value = linkFor(button.dataset.flag);
    box.style.display = "block";  // shown once there is a link in it
    box.select();
    try { await navigator.clipboard.writeText(box.value); } catch (error) { document.execCommand("copy"); }
  }));
</script>"""


# Our own fixed HTML only (never a user's text): the iframe runs its script with access to the page's address.
_BAR = _PAGE.replace("BUTTONS", "".join(f'<button data-flag="{flag}" title="{tip}">{label}</button>'
                                               for flag, label, tip in BUTTONS)
                     ).replace("FLAGS", json.dumps([LESSON, PRESENTER, GUESS]))


def show() -> None:
    st.iframe(_BAR, height="content")  # sized to its buttons, which wrap on a narrow screen
