// The pathway diagram in the browser: the server's Graphviz SVG, with pan, zoom and click-to-select.
// Pan is the viewport's own scrolling (touch, wheel, scroll bars, keyboard) plus mouse drag; zoom resizes
// the SVG around a fixed point (buttons, +/- keys, Ctrl/Cmd + wheel, two-finger pinch). The first view
// is at the zoom where the smallest text is `minTextPx` CSS pixels, never smaller, whatever the screen.

const ZOOM_STEP = 1.25;

function sanitize(svgText) {
  // The SVG comes from our own server, rendered from escaped DOT; still, nothing in it may run.
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== "svg") return null;
  svg.querySelectorAll("script, foreignObject").forEach((el) => el.remove());
  svg.querySelectorAll("*").forEach((el) => {
    for (const attr of Array.from(el.attributes)) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.startsWith("on") || value.startsWith("javascript:")) el.removeAttribute(attr.name);
    }
  });
  return document.importNode(svg, true);
}

// The page's words in the reader's language (sent by diagram_view.py); English when a word is missing.
function word(data, key, english) {
  return (data.words && data.words[key]) || english;
}

function build(root, data) {
  root.innerHTML = "";
  const legend = document.createElement("ul");
  legend.className = "pw-legend";
  legend.setAttribute("aria-label", "Legend");
  for (const item of data.legend) {
    const li = document.createElement("li");
    const swatch = sanitize(item.swatch);
    if (swatch) li.appendChild(swatch);
    const text = document.createElement("span");
    text.textContent = item.text;
    li.appendChild(text);
    legend.appendChild(li);
  }
  const toolbar = document.createElement("div");
  toolbar.className = "pw-toolbar";
  for (const [action, label, title] of [
    ["in", "+", word(data, "zoom_in", "Zoom in")],
    ["out", "−", word(data, "zoom_out", "Zoom out")],
    ["reset", word(data, "reset", "Readable size"), word(data, "reset_title", "Back to the readable text size")],
    ["fit", word(data, "fit", "Whole diagram"), word(data, "fit_title", "Fit the whole diagram (text gets small)")],
  ]) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.zoom = action;
    button.textContent = label;
    button.title = title;
    button.setAttribute("aria-label", title);
    toolbar.appendChild(button);
  }
  const hint = document.createElement("span");
  hint.className = "pw-hint";
  hint.textContent = word(data, "hint", "Drag or scroll to move · pinch or Ctrl + wheel to zoom · click a step for its details");
  toolbar.appendChild(hint);
  const viewport = document.createElement("div");
  viewport.className = "pw-viewport";
  viewport.tabIndex = 0;
  viewport.setAttribute("role", "region");
  viewport.setAttribute("aria-label", word(data, "region", "Pathway diagram: use the arrow keys to move, + and − to zoom"));
  const status = document.createElement("p");
  status.className = "pw-status";
  status.setAttribute("aria-live", "polite");
  // the legend sits below the drawing, apart from it: it never makes the drawing smaller
  const box = document.createElement("details");
  box.className = "pw-legend-box";
  box.open = window.innerWidth >= 640;
  const summary = document.createElement("summary");
  summary.textContent = word(data, "legend", "What the shapes and lines mean");
  box.append(summary, legend);
  root.append(toolbar, viewport, status, box);
  return { viewport, toolbar, status };
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".pw-diagram");
  if (!root) {
    root = document.createElement("div");
    root.className = "pw-diagram";
    parentElement.appendChild(root);
  }
  const view = root.__view || (root.__view = { svgText: null, k: 1 });
  view.data = data;

  if (view.svgText !== data.svg) {
    view.svgText = data.svg;
    Object.assign(view, build(root, data));
    const svg = sanitize(data.svg);
    if (!svg) {
      view.status.textContent = "The diagram could not be drawn.";
      return;
    }
    const box = svg.viewBox.baseVal;
    view.width = box.width;
    view.height = box.height;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    view.minFont = Infinity;
    svg.querySelectorAll("text").forEach((t) => {
      const size = parseFloat(t.getAttribute("font-size"));
      if (size > 0) view.minFont = Math.min(view.minFont, size);
    });
    if (!isFinite(view.minFont)) view.minFont = 14;
    view.nodes = new Map();
    svg.querySelectorAll("g.node").forEach((g) => {
      const title = g.querySelector(":scope > title");
      if (!title) return;
      const id = title.textContent;
      g.dataset.step = id;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", (data.labels && data.labels[id]) || id);
      view.nodes.set(id, g);
    });
    // the ids are for us, not for hover text (each step keeps its plain-language tooltip)
    svg.querySelectorAll("title").forEach((t) => t.remove());
    view.svg = svg;
    view.viewport.appendChild(svg);
    wire(view, setTriggerValue);
    requestAnimationFrame(() => start(view));
  }
  select(view, data.selected);
}

function legibleZoom(view) {
  return view.data.minTextPx / view.minFont;
}

function setZoom(view, k, anchorX, anchorY) {
  const vp = view.viewport;
  const kLegible = legibleZoom(view);
  const kFit = Math.min(vp.clientWidth / view.width, vp.clientHeight / view.height);
  k = Math.max(Math.min(kFit, kLegible) * 0.9, Math.min(k, kLegible * 5));
  const ax = anchorX ?? vp.clientWidth / 2;
  const ay = anchorY ?? vp.clientHeight / 2;
  const ux = (vp.scrollLeft + ax) / view.k;
  const uy = (vp.scrollTop + ay) / view.k;
  view.k = k;
  view.svg.style.width = `${view.width * k}px`;
  view.svg.style.height = `${view.height * k}px`;
  vp.scrollLeft = ux * k - ax;
  vp.scrollTop = uy * k - ay;
  view.viewport.dataset.zoom = k.toFixed(4);
}

function start(view) {
  const vp = view.viewport;
  const kLegible = legibleZoom(view);
  // as large as fits the width, up to 1.4 × the readable size; never below the readable size
  const k = Math.max(kLegible, Math.min(vp.clientWidth / view.width, kLegible * 1.4));
  view.k = k;
  view.svg.style.width = `${view.width * k}px`;
  view.svg.style.height = `${view.height * k}px`;
  // a short drawing gets a short viewport; a long one scrolls inside at most 70% of the window's height
  vp.style.height = `${Math.min(view.height * k + 8, Math.max(320, window.innerHeight * 0.7))}px`;
  view.kStart = k;
  vp.dataset.zoom = k.toFixed(4);
  const target = view.nodes.get(view.data.selected) || view.nodes.get(view.data.first);
  if (target) reveal(view, target);
  vp.dataset.ready = "1";
}

function reveal(view, g) {
  const vp = view.viewport;
  const a = g.getBoundingClientRect();
  const b = vp.getBoundingClientRect();
  const dx = a.left + a.width / 2 - (b.left + vp.clientWidth / 2);
  const dy = a.top - b.top;
  vp.scrollLeft += dx;
  if (dy < 0 || dy > vp.clientHeight - a.height) vp.scrollTop += dy - 16;
}

function select(view, id) {
  for (const [step, g] of view.nodes) g.classList.toggle("pw-selected", step === id);
  const label = (view.data.labels && view.data.labels[id]) || null;
  view.status.textContent = label
    ? word(view.data, "selected", "Selected: {step}. ").replace("{step}", label)
    : word(view.data, "click", "Click a step to see its details and sources.");
  const details = view.data.details && document.querySelector(view.data.details);
  if (label && details) {
    // on a phone the details sit below the drawing and the legend: one tap takes you there
    const go = document.createElement("button");
    go.type = "button";
    go.className = "pw-go";
    go.textContent = word(view.data, "go", "Show its details and sources");
    go.addEventListener("click", () => details.scrollIntoView({ behavior: "smooth", block: "start" }));
    view.status.appendChild(go);
  }
}

function wire(view, setTriggerValue) {
  const vp = view.viewport;
  view.toolbar.addEventListener("click", (event) => {
    const action = event.target.closest("button")?.dataset.zoom;
    if (action === "in") setZoom(view, view.k * ZOOM_STEP);
    else if (action === "out") setZoom(view, view.k / ZOOM_STEP);
    else if (action === "reset") setZoom(view, view.kStart);
    else if (action === "fit") {
      setZoom(view, Math.min(vp.clientWidth / view.width, vp.clientHeight / view.height), 0, 0);
      vp.scrollLeft = 0;
      vp.scrollTop = 0;
    }
  });
  vp.addEventListener("keydown", (event) => {
    if (event.key === "+" || event.key === "=") setZoom(view, view.k * ZOOM_STEP);
    else if (event.key === "-") setZoom(view, view.k / ZOOM_STEP);
    else if (event.key === "0") setZoom(view, view.kStart);
    else if ((event.key === "Enter" || event.key === " ") && event.target.dataset?.step) {
      pick(event.target.dataset.step);
    } else return;
    event.preventDefault();
  });
  vp.addEventListener(
    "wheel",
    (event) => {
      if (!(event.ctrlKey || event.metaKey)) return; // plain wheel scrolls, as everywhere else
      event.preventDefault();
      const r = vp.getBoundingClientRect();
      setZoom(view, view.k * Math.exp(-event.deltaY * 0.002), event.clientX - r.left, event.clientY - r.top);
    },
    { passive: false },
  );
  // mouse drag pans; touch pans natively (touch-action: pan-x pan-y) and pinches here
  let drag = null;
  vp.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "mouse" || event.button !== 0) return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, left: vp.scrollLeft, top: vp.scrollTop, moved: false };
  });
  vp.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true; // from here on it is a drag, not a click: keep the pointer even outside the box
      vp.setPointerCapture(event.pointerId);
      vp.classList.add("pw-dragging");
    }
    if (drag.moved) {
      vp.scrollLeft = drag.left - dx;
      vp.scrollTop = drag.top - dy;
    }
  });
  const endDrag = () => {
    if (drag && drag.moved) view.justDragged = true;
    drag = null;
    vp.classList.remove("pw-dragging");
  };
  vp.addEventListener("pointerup", endDrag);
  vp.addEventListener("pointercancel", endDrag);
  let pinch = null;
  const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
  vp.addEventListener(
    "touchstart",
    (event) => {
      if (event.touches.length === 2) pinch = { d: spread(event.touches), k: view.k };
    },
    { passive: true },
  );
  vp.addEventListener(
    "touchmove",
    (event) => {
      if (!pinch || event.touches.length !== 2) return;
      event.preventDefault();
      const r = vp.getBoundingClientRect();
      const cx = (event.touches[0].clientX + event.touches[1].clientX) / 2 - r.left;
      const cy = (event.touches[0].clientY + event.touches[1].clientY) / 2 - r.top;
      setZoom(view, (pinch.k * spread(event.touches)) / pinch.d, cx, cy);
    },
    { passive: false },
  );
  vp.addEventListener("touchend", () => (pinch = null));
  const pick = (id) => {
    select(view, id);
    setTriggerValue("step", id);
  };
  vp.addEventListener("click", (event) => {
    if (view.justDragged) {
      view.justDragged = false;
      return;
    }
    const g = event.target.closest("g.node");
    if (g && g.dataset.step) pick(g.dataset.step);
  });
}
