/*
 * heartline assist — an empathy helper for a helpdesk reply box.
 *
 * Plain JavaScript, no dependencies, no network access except the heartline
 * endpoint you name. Include it once:
 *
 *   <script src="https://heartline.example/static/heartline-assist.js"
 *           data-endpoint="https://heartline.example/api/v1/assist"
 *           data-token="hl_…" data-target="#reply" defer></script>
 *
 * or call HeartlineAssist.attach(textarea, {endpoint, token, messages}) yourself.
 * Earlier messages are read from elements marked data-heartline-role="customer"
 * or "agent" (or from options.messages(), a function returning
 * [{role, text}, …]). While the agent types, the widget asks heartline about the
 * draft (debounced, older requests cancelled) and shows the customer's emotion
 * and need, the draft's three empathy stages, warnings, and an acknowledgement
 * to insert at the caret. If heartline cannot be reached it says so quietly and
 * the reply box keeps working as before. Docs: docs/assist.md.
 */
(function () {
  "use strict";
  if (window.HeartlineAssist) return; // included twice: the first copy serves

  var VERSION = "1";
  var MAX_MESSAGES = 200;
  var MAX_CHARS = 20000;
  var STAGES = [
    ["cognitive", "Cognitive", "Understands the problem and the feeling (asks, explores)"],
    ["emotional", "Emotional", "Shows the feeling is understood (acknowledges, mirrors)"],
    ["compassionate", "Compassionate", "Acts to solve the problem (next step, ownership)"]
  ];
  var WARNING_TITLES = {
    rude: "Tone",
    generic_sympathy: "Generic sympathy",
    ignores_emotion: "Feeling not acknowledged",
    over_apologising: "Too many apologies"
  };

  var CSS = [
    ":host{all:initial;display:block;margin-top:8px}",
    ".hl{font:13px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;",
    "background:#fafbfc;border:1px solid #e1e4e8;border-radius:8px;padding:10px 12px;",
    "transition:opacity .2s}",
    ".hl[data-state=offline] .body{opacity:.45}",
    ".top{display:flex;justify-content:space-between;align-items:baseline;gap:12px}",
    ".customer strong{font-weight:600}",
    ".muted{color:#6b7280}",
    ".overall{white-space:nowrap;color:#4b5563}",
    ".overall b{font-weight:600;color:#1f2933}",
    ".stages{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:8px 0 2px}",
    ".stage .lab{display:flex;justify-content:space-between;font-size:12px;color:#4b5563}",
    ".bar{height:6px;border-radius:3px;background:#e5e9ef;overflow:hidden;margin-top:3px}",
    ".fill{height:100%;width:0;border-radius:3px;background:#7c9cc4;transition:width .3s ease}",
    ".fill.ok{background:#5f9e8f}",
    "ul{list-style:none;margin:8px 0 0;padding:0}",
    "li{margin:4px 0;padding:5px 8px;border-left:3px solid #d9a441;background:#fdf6e9;",
    "border-radius:0 4px 4px 0}",
    "li.rude{border-left-color:#c26a6a;background:#fbefef}",
    "li b{font-weight:600}",
    "q{font-style:italic;color:#4b5563}",
    ".suggest{display:flex;align-items:center;gap:10px;margin-top:8px;padding:6px 8px;",
    "background:#eef4fb;border-radius:6px}",
    ".suggest[hidden]{display:none}",
    ".suggest .text{flex:1;color:#1f2933}",
    "button{font:inherit;font-size:12px;padding:4px 10px;border-radius:5px;cursor:pointer;",
    "border:1px solid #2f6fbf;background:#fff;color:#2f6fbf;white-space:nowrap}",
    "button:hover{background:#2f6fbf;color:#fff}",
    "button:focus-visible{outline:2px solid #7aa7e0;outline-offset:2px}",
    ".suggest .lead{color:#6b7280;font-size:12px;white-space:nowrap}",
    ".foot{display:flex;justify-content:space-between;gap:8px;font-size:11px;color:#6b7280;",
    "margin-top:6px}",
    ".brand{color:#9aa5b1}"
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }

  function intensityWord(x) {
    if (typeof x !== "number") return "";
    return x < 0.35 ? "mild" : x < 0.7 ? "clear" : "strong";
  }

  function readMessages(selector) {
    var nodes = document.querySelectorAll(selector || "[data-heartline-role]");
    var out = [];
    for (var i = 0; i < nodes.length; i++) {
      var role = nodes[i].getAttribute("data-heartline-role");
      var text = (nodes[i].textContent || "").trim();
      if ((role === "customer" || role === "agent") && text) {
        out.push({ role: role, text: text.slice(0, MAX_CHARS) });
      }
    }
    return out.slice(-MAX_MESSAGES);
  }

  function buildPanel(root) {
    var panel = el("section", { "class": "hl", "aria-label": "heartline empathy assist" });
    var body = el("div", { "class": "body" });
    var top = el("div", { "class": "top" });
    var customer = el("div", { "class": "customer", "aria-live": "polite" }, "Reading the conversation…");
    var overall = el("div", { "class": "overall" });
    top.appendChild(customer);
    top.appendChild(overall);
    var stages = el("div", { "class": "stages", role: "group", "aria-label": "Empathy of your draft" });
    var meters = {};
    STAGES.forEach(function (s) {
      var box = el("div", { "class": "stage", title: s[2] });
      var lab = el("div", { "class": "lab" });
      var value = el("span", { "class": "val" }, "–");
      lab.appendChild(el("span", null, s[1]));
      lab.appendChild(value);
      var bar = el("div", { "class": "bar", role: "meter", "aria-label": s[1] + " empathy",
                            "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" });
      var fill = el("div", { "class": "fill" });
      bar.appendChild(fill);
      box.appendChild(lab);
      box.appendChild(bar);
      stages.appendChild(box);
      meters[s[0]] = { value: value, bar: bar, fill: fill };
    });
    var warnings = el("ul", { "aria-live": "polite", "aria-label": "Warnings about your draft" });
    var suggest = el("div", { "class": "suggest", hidden: "" });
    var suggestText = el("span", { "class": "text" });
    var insert = el("button", { type: "button" }, "Insert acknowledgement");
    suggest.appendChild(el("span", { "class": "lead" }, "Suggested:"));
    suggest.appendChild(suggestText);
    suggest.appendChild(insert);
    body.appendChild(top);
    body.appendChild(stages);
    body.appendChild(warnings);
    body.appendChild(suggest);
    panel.appendChild(body);
    var foot = el("div", { "class": "foot" });
    var status = el("span", { "class": "status", role: "status" });
    foot.appendChild(status);
    foot.appendChild(el("span", { "class": "brand" }, "heartline assist"));
    panel.appendChild(foot);
    root.appendChild(panel);
    return { panel: panel, customer: customer, overall: overall, meters: meters, warnings: warnings,
             suggest: suggest, suggestText: suggestText, insert: insert, status: status };
  }

  function addStyles(root) {
    // Constructed sheets work under a strict Content-Security-Policy; <style> is the fallback.
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el("style", null, CSS));
    }
  }

  function render(ui, result, draft) {
    var c = result.customer || {};
    ui.customer.textContent = "";
    ui.customer.appendChild(document.createTextNode("Customer feels "));
    ui.customer.appendChild(el("strong", null, c.emotion || "unknown"));
    var word = intensityWord(c.intensity);
    if (word && c.emotion !== "neutral") ui.customer.appendChild(el("span", { "class": "muted" }, " (" + word + ")"));
    if (c.needs && c.needs.length) {
      ui.customer.appendChild(document.createTextNode(" · needs "));
      ui.customer.appendChild(el("strong", null, c.needs.join(", ")));
    }
    var scores = (result.draft && result.draft.scores) || {};
    var hasDraft = draft.trim().length > 0;
    ui.overall.textContent = "";
    if (hasDraft) {
      ui.overall.appendChild(document.createTextNode("Empathy "));
      ui.overall.appendChild(el("b", null, String(Math.round(scores.empathy || 0))));
    }
    STAGES.forEach(function (s) {
      var m = ui.meters[s[0]];
      var v = hasDraft ? Math.max(0, Math.min(100, Math.round(scores[s[0]] || 0))) : 0;
      m.value.textContent = hasDraft ? String(v) : "–";
      m.fill.style.width = v + "%";
      m.fill.className = "fill" + (v >= 60 ? " ok" : "");
      m.bar.setAttribute("aria-valuenow", String(v));
    });
    ui.warnings.textContent = "";
    (result.warnings || []).forEach(function (w) {
      var li = el("li", { "class": w.kind });
      li.appendChild(el("b", null, (WARNING_TITLES[w.kind] || "Note") + ": "));
      li.appendChild(document.createTextNode(w.message + " "));
      if (w.span && w.span.length === 2 && w.span[1] > w.span[0]) {
        li.appendChild(el("q", null, draft.slice(w.span[0], w.span[1])));
      }
      ui.warnings.appendChild(li);
    });
    var ack = result.suggested_acknowledgement;
    ui.suggestText.textContent = ack || "";
    if (ack) ui.suggest.removeAttribute("hidden"); else ui.suggest.setAttribute("hidden", "");
  }

  function insertAtCaret(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    if (typeof start !== "number") { start = end = textarea.value.length; }
    var before = textarea.value.slice(0, start), after = textarea.value.slice(end);
    var piece = (before && !/\s$/.test(before) ? " " : "") + text +
                (after ? (/^\s/.test(after) ? "" : " ") : " ");
    textarea.focus();
    textarea.setRangeText(piece, start, end, "end");
    // Tell the page (and frameworks bound to the box) that its value changed.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function attach(textarea, options) {
    if (!textarea || textarea.tagName !== "TEXTAREA") throw new Error("HeartlineAssist.attach needs a <textarea>");
    if (!options || !options.endpoint) throw new Error("HeartlineAssist.attach needs options.endpoint");
    if (textarea.__heartline) return textarea.__heartline;
    var delay = options.delay != null ? options.delay : 250;
    var timeoutMs = options.timeout || 4000;
    var getMessages = typeof options.messages === "function" ? options.messages
      : function () { return readMessages(options.messages); };

    var host = el("div", { "class": "heartline-assist-host" });
    (options.container || textarea.parentNode).insertBefore(host, options.container ? null : textarea.nextSibling);
    var root = host.attachShadow({ mode: "open" });
    addStyles(root);
    var ui = buildPanel(root);
    var timer = null, inflight = null, seq = 0, lastAck = null;

    function setState(state, text) {
      ui.panel.setAttribute("data-state", state);
      ui.status.textContent = text;
    }

    function refresh() {
      timer = null;
      if (inflight) inflight.abort();
      var controller = new AbortController();
      inflight = controller;
      var mine = ++seq;
      var draft = textarea.value.slice(0, MAX_CHARS);
      var headers = { "Content-Type": "application/json" };
      if (options.token) headers.Authorization = "Bearer " + options.token;
      var killer = setTimeout(function () { controller.abort(); }, timeoutMs);
      setState("busy", "updating…");
      fetch(options.endpoint, {
        method: "POST", headers: headers, credentials: "omit", signal: controller.signal,
        body: JSON.stringify({ messages: getMessages(), draft: draft })
      }).then(function (response) {
        if (!response.ok) {
          var err = new Error("HTTP " + response.status);
          err.status = response.status;
          throw err;
        }
        return response.json();
      }).then(function (result) {
        if (mine !== seq) return; // a newer draft is on its way
        lastAck = result.suggested_acknowledgement || null;
        render(ui, result, draft);
        setState("ready", "");
      }).catch(function (err) {
        if (mine !== seq) return; // cancelled by a newer keystroke
        var auth = err && (err.status === 401 || err.status === 403);
        setState("offline", auth ? "Assist is not signed in; your reply is unaffected."
                                  : "Assist is unavailable right now; your reply is unaffected.");
      }).then(function () {
        clearTimeout(killer);
        if (inflight === controller) inflight = null;
      });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(refresh, delay);
    }

    ui.insert.addEventListener("click", function () {
      if (lastAck) insertAtCaret(textarea, lastAck);
    });
    textarea.addEventListener("input", schedule);
    refresh();

    var handle = {
      refresh: refresh,
      detach: function () {
        textarea.removeEventListener("input", schedule);
        if (timer) clearTimeout(timer);
        if (inflight) inflight.abort();
        host.remove();
        delete textarea.__heartline;
      }
    };
    textarea.__heartline = handle;
    return handle;
  }

  function autoStart(script) {
    var endpoint = script && script.getAttribute("data-endpoint");
    if (!endpoint) return; // no data-endpoint: the page calls HeartlineAssist.attach itself
    var boxes = document.querySelectorAll(script.getAttribute("data-target") || "textarea[data-heartline-assist]");
    for (var i = 0; i < boxes.length; i++) {
      try {
        attach(boxes[i], { endpoint: endpoint, token: script.getAttribute("data-token"),
                           messages: script.getAttribute("data-messages") || undefined });
      } catch (e) { /* a box we cannot use is left alone */ }
    }
  }

  window.HeartlineAssist = { attach: attach, version: VERSION };
  var current = document.currentScript;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { autoStart(current); });
  } else {
    autoStart(current);
  }
})();
