/*
 * The agentdesk chat widget: plain JavaScript, no framework, nothing remote.
 *
 * Served at /chat/ by the agentdesk server; embed it with
 *   <iframe src="https://desk.example/chat/?lang=en"></iframe>
 * URL parameters: ?lang=zh|en (else the browser's language), ?name=<the visitor's name>;
 * a signed-in wallet user's token goes in the fragment (#wallet_token=...), which browsers
 * never send to a server. The page keeps its visitor token in localStorage (a cookie of its
 * own where the browser blocks storage in a third-party iframe), so a reload
 * continues the conversation; messages not yet acknowledged are sent again, with the same
 * client id, after a reconnect (the server stores each once).
 */
(function () {
  "use strict";

  var STRINGS = {
    zh: {
      title: "在线客服",
      placeholder: "请输入您的问题…",
      send: "发送",
      connecting: "连接中…",
      online: "已连接",
      offline: "连接已断开，正在重试…",
      stopped: "未连接",
      typing: "{name} 正在输入…",
      someone: "客服",
      you: "我",
      restarted: "无法恢复之前的对话，已为您开始新的对话。",
      signInAgain: "登录已失效，请重新登录后再联系客服。",
      refused: "暂时无法连接客服。",
      tooLong: "消息太长，请分开发送。",
      slowDown: "发送太频繁，请稍后再试。",
      failed: "发送失败",
      other: "EN"
    },
    en: {
      title: "Customer support",
      placeholder: "Type your question…",
      send: "Send",
      connecting: "Connecting…",
      online: "Connected",
      offline: "Disconnected, retrying…",
      stopped: "Not connected",
      typing: "{name} is typing…",
      someone: "Support",
      you: "You",
      restarted: "Your earlier conversation could not be restored; this is a new one.",
      signInAgain: "Your sign-in has expired. Please sign in again to chat with us.",
      refused: "The chat is not available right now.",
      tooLong: "That message is too long; please split it.",
      slowDown: "Too many messages; please wait a moment.",
      failed: "Not sent",
      other: "中文"
    }
  };
  var VISITOR_KEY = "agentdesk.chat.visitor";
  var LANGUAGE_KEY = "agentdesk.chat.language";
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 6000;
  var MAX_TEXT = 4000;

  var params = new URLSearchParams(window.location.search);
  var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var walletToken = fragment.get("wallet_token") || null;
  var visitorName = (params.get("name") || "").trim().slice(0, 60) || null;

  // localStorage; where a browser blocks it (an iframe on another site with third-party
  // storage blocked), a cookie of this page's own, partitioned by the embedding site where
  // the browser supports it. The server never reads it: the page sends the token itself.
  var local = (function () {
    try {
      var probe = "agentdesk.chat.probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }());
  var secure = window.isSecureContext;
  function cookieName(key) { return key.replace(/[^A-Za-z0-9]/g, "_"); }
  function writeCookie(key, value, seconds) {
    var attributes = "; Path=/chat/; Max-Age=" + seconds +
      (secure ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax");
    document.cookie = cookieName(key) + "=" + encodeURIComponent(value) + attributes;
  }
  var storage = {
    get: function (key) {
      if (local) { return local.getItem(key); }
      var prefix = cookieName(key) + "=";
      var found = document.cookie.split("; ").filter(function (c) {
        return c.indexOf(prefix) === 0;
      })[0];
      return found ? decodeURIComponent(found.slice(prefix.length)) : null;
    },
    set: function (key, value) {
      if (local) { local.setItem(key, value); } else { writeCookie(key, value, 31536000); }
    },
    remove: function (key) {
      if (local) { local.removeItem(key); } else { writeCookie(key, "", 0); }
    }
  };

  function initialLanguage() {
    var asked = params.get("lang");
    if (asked === "zh" || asked === "en") { return asked; }
    var kept = storage.get(LANGUAGE_KEY);
    if (kept === "zh" || kept === "en") { return kept; }
    return /^zh/i.test(navigator.language || "") ? "zh" : "en";
  }

  var language = initialLanguage();
  var el = {
    messages: document.getElementById("messages"),
    status: document.getElementById("status"),
    notice: document.getElementById("notice"),
    typing: document.getElementById("typing"),
    composer: document.getElementById("composer"),
    text: document.getElementById("text"),
    send: document.getElementById("send"),
    language: document.getElementById("language")
  };

  var socket = null;
  var ready = false;          // welcomed on the current socket
  var stopped = false;        // refused for good: do not reconnect
  var retryMs = 500;
  var statusKey = "connecting";
  var typingName = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var shown = {};             // message id -> its list item
  var pending = [];           // {clientId, text, item} not yet acknowledged, in order

  function t(key) { return STRINGS[language][key]; }

  function applyLanguage() {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-i18n-placeholder]"),
      function (node) { node.placeholder = t(node.getAttribute("data-i18n-placeholder")); }
    );
    el.language.textContent = t("other");
    el.language.lang = language === "zh" ? "en" : "zh-CN";
    setStatus(statusKey);
    renderTyping();
  }

  function setStatus(key) {
    statusKey = key;
    el.status.textContent = t(key);
    el.status.setAttribute("data-state", key);
  }

  function showNotice(key) {
    el.notice.textContent = t(key);
    el.notice.setAttribute("data-notice", key);
    el.notice.hidden = false;
  }

  function timeOf(at) {
    var when = at ? new Date(at) : new Date();
    if (isNaN(when.getTime())) { return ""; }
    return when.toLocaleTimeString(language === "zh" ? "zh-CN" : "en", {
      hour: "2-digit", minute: "2-digit"
    });
  }

  function makeItem(from, text, meta) {
    var item = document.createElement("li");
    item.className = from;
    var body = document.createElement("div");
    body.className = "text";
    body.textContent = text;           // never HTML: what people type stays text
    var line = document.createElement("div");
    line.className = "meta";
    line.textContent = meta;
    item.appendChild(body);
    item.appendChild(line);
    return item;
  }

  function scrollDown() { el.messages.scrollTop = el.messages.scrollHeight; }

  function addMessage(message) {
    if (shown[message.id]) { return; }
    var who = message.from === "agent" ? (message.agent_name || t("someone")) : t("you");
    var item = makeItem(message.from, message.text, who + " · " + timeOf(message.at));
    item.setAttribute("data-id", String(message.id));
    shown[message.id] = item;
    // Keep messages not yet acknowledged at the end, where the visitor wrote them.
    var firstPending = pending.length ? pending[0].item : null;
    if (firstPending && firstPending.parentNode === el.messages) {
      el.messages.insertBefore(item, firstPending);
    } else {
      el.messages.appendChild(item);
    }
    if (message.from === "agent") { typingName = null; renderTyping(); }
    scrollDown();
  }

  function renderTyping() {
    if (typingName === null) {
      el.typing.hidden = true;
      el.typing.textContent = "";
      return;
    }
    el.typing.textContent = t("typing").replace("{name}", typingName || t("someone"));
    el.typing.hidden = false;
  }

  function agentTyping(name) {
    typingName = name || "";
    renderTyping();
    if (typingTimer) { window.clearTimeout(typingTimer); }
    typingTimer = window.setTimeout(function () { typingName = null; renderTyping(); },
      TYPING_SHOWN_MS);
  }

  function newClientId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return "w" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function sendPending(entry) {
    if (ready) { send({ type: "message", text: entry.text, client_id: entry.clientId }); }
  }

  function submit() {
    var text = el.text.value.trim();
    if (!text) { return; }
    if (text.length > MAX_TEXT) { showNotice("tooLong"); return; }
    var entry = { clientId: newClientId(), text: text, item: null };
    entry.item = makeItem("customer", text, t("you") + " · " + timeOf(null));
    entry.item.classList.add("pending");
    entry.item.setAttribute("data-client-id", entry.clientId);
    el.messages.appendChild(entry.item);
    pending.push(entry);
    el.text.value = "";
    lastTypingSent = 0;        // the next message's first keystroke is news again
    scrollDown();
    sendPending(entry);
  }

  function acknowledged(frame) {
    for (var i = 0; i < pending.length; i += 1) {
      if (pending[i].clientId === frame.client_id) {
        var entry = pending.splice(i, 1)[0];
        if (shown[frame.id]) {
          // Stored before a reconnect: the history shows it already.
          if (entry.item.parentNode) { entry.item.parentNode.removeChild(entry.item); }
          return;
        }
        entry.item.classList.remove("pending");
        entry.item.setAttribute("data-id", String(frame.id));
        shown[frame.id] = entry.item;
        return;
      }
    }
  }

  function failed(frame) {
    var code = frame.code;
    if (frame.client_id) {
      for (var i = 0; i < pending.length; i += 1) {
        if (pending[i].clientId !== frame.client_id) { continue; }
        var entry = pending[i];
        if (code === "rate_limited" || code === "internal") {
          window.setTimeout(function () { sendPending(entry); }, 3000);
        } else {
          pending.splice(i, 1);
          entry.item.classList.remove("pending");
          entry.item.classList.add("failed");
          entry.item.querySelector(".meta").textContent = t("failed");
        }
        break;
      }
    }
    if (code === "too_long") { showNotice("tooLong"); }
    if (code === "rate_limited") { showNotice("slowDown"); }
    if (code === "invalid_visitor_token") {
      // The server refuses the kept token (its secret changed): start anew, and say so.
      storage.remove(VISITOR_KEY);
      showNotice("restarted");
    } else if (code === "invalid_wallet_token" || code === "expired_wallet_token") {
      stopped = true;
      showNotice("signInAgain");
    } else if (code === "wallet_unavailable" || code === "hello_first") {
      stopped = true;
      showNotice("refused");
    }
  }

  function welcome(frame) {
    ready = true;
    retryMs = 500;
    if (frame.visitor_token) { storage.set(VISITOR_KEY, frame.visitor_token); }
    setStatus("online");
    // The history is the truth: rebuild from it, then keep what still waits for an ack.
    shown = {};
    el.messages.textContent = "";
    (frame.history || []).forEach(addMessage);
    pending.forEach(function (entry) {
      el.messages.appendChild(entry.item);
      sendPending(entry);
    });
    scrollDown();
  }

  function receive(event) {
    var frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    if (!frame || typeof frame !== "object") { return; }
    if (frame.type === "welcome") { welcome(frame); }
    else if (frame.type === "message") { addMessage(frame); }
    else if (frame.type === "typing") { agentTyping(frame.name); }
    else if (frame.type === "ack") { acknowledged(frame); }
    else if (frame.type === "error") { failed(frame); }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    ready = false;
    setStatus("connecting");
    socket = new WebSocket(scheme + window.location.host + "/chat/ws");
    socket.addEventListener("open", function () {
      send({
        type: "hello",
        visitor_token: storage.get(VISITOR_KEY),
        wallet_token: walletToken,
        language: language,
        name: visitorName
      });
    });
    socket.addEventListener("message", receive);
    socket.addEventListener("close", function () {
      ready = false;
      socket = null;
      if (stopped) { setStatus("stopped"); return; }
      setStatus("offline");
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 15000);
    });
  }

  el.composer.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  el.text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  el.text.addEventListener("input", function () {
    var now = Date.now();
    if (ready && el.text.value.trim() && now - lastTypingSent >= TYPING_EVERY_MS) {
      lastTypingSent = now;
      send({ type: "typing" });
    }
  });
  el.language.addEventListener("click", function () {
    language = language === "zh" ? "en" : "zh";
    storage.set(LANGUAGE_KEY, language);
    applyLanguage();
  });

  applyLanguage();
  connect();
}());
