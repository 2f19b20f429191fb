// The scenario editor in the browser: a plain <textarea> with a line-number gutter, problem markers on the
// lines the checker names, a button per problem that moves the cursor to its line, a live size meter, and a
// size limit enforced BEFORE text goes in: a paste or drop that would pass the limit is refused with a
// message (the text is left as it was), instead of being cut silently or freezing the page.
// The text reaches the server half a second after typing stops (or when the box loses focus).

const SEND_AFTER_MS = 500;
const encoder = new TextEncoder();

function bytes(text) {
  return encoder.encode(text).length;
}

let locale = "en";
let words = {};

function say(key, values) {
  // the server's template in the reader's language, with its {placeholders} filled
  return (words[key] || key).replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

function sizeText(n) {
  // "2 MB" for the limit, "5.01 MB" for a paste (5,01 MB in Norwegian): no trailing zeros
  const number = (x, digits) => Number(x.toFixed(digits)).toLocaleString(locale);
  return n >= 1_000_000 ? `${number(n / 1_000_000, 2)} MB` : `${number(n / 1000, 1)} kB`;
}

function build(root) {
  root.innerHTML = "";
  const frame = document.createElement("div");
  frame.className = "pw-frame";
  const gutter = document.createElement("pre");
  gutter.className = "pw-gutter";
  gutter.setAttribute("aria-hidden", "true");
  const area = document.createElement("textarea");
  area.className = "pw-text";
  area.spellcheck = false;
  area.wrap = "off";
  area.setAttribute("autocapitalize", "off");
  area.setAttribute("autocomplete", "off");
  area.setAttribute("aria-label", say("label", {}));
  frame.append(gutter, area);
  const meter = document.createElement("p");
  meter.className = "pw-meter";
  const refusal = document.createElement("p");
  refusal.className = "pw-refusal";
  refusal.setAttribute("role", "alert");
  refusal.hidden = true;
  const jumps = document.createElement("nav");
  jumps.className = "pw-jumps";
  jumps.setAttribute("aria-label", say("jumps", {}));
  root.append(frame, refusal, meter, jumps);
  return { frame, gutter, area, meter, refusal, jumps };
}

function lineCount(text) {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n += 1;
  return n;
}

function drawGutter(view) {
  const count = lineCount(view.area.value);
  const marked = view.marks;
  if (count === view.drawnCount && marked === view.drawnMarks) return;
  view.drawnCount = count;
  view.drawnMarks = marked;
  const width = String(count).length;
  const out = [];
  for (let n = 1; n <= count; n += 1) out.push(String(n).padStart(width, " "));
  view.gutter.textContent = out.join("\n") + "\n";
  if (marked.size) {
    // marked lines are drawn as a separate layer so the numbers stay one cheap text node
    const layer = document.createElement("div");
    layer.className = "pw-marks";
    for (const [line, message] of marked) {
      if (line > count) continue;
      const mark = document.createElement("span");
      mark.className = "pw-mark";
      mark.style.top = `calc(${line - 1} * var(--pw-line) + var(--pw-pad))`;
      mark.title = message;
      layer.appendChild(mark);
    }
    view.gutter.appendChild(layer);
  }
  view.gutter.scrollTop = view.area.scrollTop;
}

function drawMeter(view) {
  const n = bytes(view.area.value);
  view.meter.textContent = say("meter", {
    size: sizeText(n),
    limit: sizeText(view.limit),
    lines: lineCount(view.area.value).toLocaleString(locale),
  });
  view.meter.classList.toggle("pw-near", n > 0.9 * view.limit);
}

function refuse(view, incoming, how) {
  const after = bytes(view.area.value) - bytes(selected(view.area)) + bytes(incoming);
  if (after <= view.limit) {
    view.refusal.hidden = true;
    return false;
  }
  view.refusal.hidden = false;
  view.refusal.textContent = say(how, { size: sizeText(after), limit: sizeText(view.limit) });
  return true;
}

function selected(area) {
  return area.value.slice(area.selectionStart, area.selectionEnd);
}

function goToLine(view, line, column) {
  const lines = view.area.value.split("\n");
  const target = Math.min(Math.max(line, 1), lines.length);
  let offset = 0;
  for (let i = 0; i < target - 1; i += 1) offset += lines[i].length + 1;
  offset += Math.min(Math.max((column || 1) - 1, 0), lines[target - 1].length);
  view.area.focus();
  view.area.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(view.area).lineHeight) || 21;
  view.area.scrollTop = Math.max(0, (target - 1) * lineHeight - view.area.clientHeight / 3);
  view.area.scrollLeft = 0;
  view.gutter.scrollTop = view.area.scrollTop;
}

function drawJumps(view, problems) {
  view.jumps.textContent = "";
  if (!problems.length) return;
  const label = document.createElement("span");
  label.textContent = say(problems.length === 1 ? "one" : "many", {});
  view.jumps.appendChild(label);
  for (const problem of problems) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = say("line", { line: problem.line });
    button.title = problem.message;
    button.setAttribute("aria-label", say("go", { line: problem.line, message: problem.message }));
    button.addEventListener("click", () => goToLine(view, problem.line, problem.column));
    view.jumps.appendChild(button);
  }
}

function wire(view, setStateValue) {
  const { area } = view;
  let timer = null;
  const send = () => {
    clearTimeout(timer);
    timer = null;
    if (area.value !== view.sent) {
      view.sent = area.value;
      setStateValue("text", area.value);
    }
  };
  area.addEventListener("paste", (event) => {
    const incoming = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
    if (refuse(view, incoming, "pasted")) event.preventDefault();
  });
  area.addEventListener("drop", (event) => {
    const incoming = event.dataTransfer ? event.dataTransfer.getData("text/plain") : "";
    if (refuse(view, incoming, "dropped")) event.preventDefault();
  });
  area.addEventListener("input", () => {
    // any other way in (IME, an extension, a browser without clipboard data) is caught here
    if (bytes(area.value) > view.limit) {
      const caret = Math.min(view.accepted.length, area.selectionStart);
      const extra = area.value;
      area.value = view.accepted;
      area.setSelectionRange(caret, caret);
      view.refusal.hidden = false;
      view.refusal.textContent = say("added", { size: sizeText(bytes(extra)), limit: sizeText(view.limit) });
    } else {
      view.accepted = area.value;
    }
    drawGutter(view);
    drawMeter(view);
    clearTimeout(timer);
    timer = setTimeout(send, SEND_AFTER_MS);
  });
  area.addEventListener("blur", send);
  area.addEventListener("scroll", () => {
    view.gutter.scrollTop = area.scrollTop;
  });
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".pw-editor");
  if (!root) {
    root = document.createElement("div");
    root.className = "pw-editor";
    parentElement.appendChild(root);
  }
  locale = data.locale || "en";
  words = data.texts || {};
  let view = root.__view;
  if (!view) {
    view = root.__view = build(root);
    view.rev = null;
    wire(view, setStateValue);
  }
  view.limit = data.limit;
  // the server's text replaces what is in the box only when the server changed it (a seed, an upload):
  // otherwise a rerun that answers the text sent a moment ago would undo what was typed since
  if (view.rev !== data.rev) {
    view.rev = data.rev;
    view.area.value = data.text;
    view.accepted = data.text;
    view.sent = data.text;
    view.refusal.hidden = true;
  }
  view.marks = new Map((data.problems || []).map((p) => [p.line, p.message]));
  view.drawnMarks = null;
  drawGutter(view);
  drawMeter(view);
  drawJumps(view, data.problems || []);
}
