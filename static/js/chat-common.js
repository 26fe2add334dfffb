// What the requester's window and the agents' console share: the socket with reconnects,
// and lines drawn as text (never markup), so nothing a person writes runs on the page.
(function () {
  "use strict";
  // gettext comes with the JavaScript catalog (/jsi18n/); without it the text stays English.
  var gettext = window.gettext || function (text) { return text; };

  function socketUrl(root) {
    var base = root.dataset.socketBase;
    if (!base) base = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host;
    var url = base + root.dataset.socketPath;
    if (root.dataset.token) url += "?token=" + encodeURIComponent(root.dataset.token);
    return url;
  }

  // A socket that comes back after a drop (1 s, 2 s, 4 s ... 15 s); 4404 means refused.
  function connect(root, handlers) {
    var socket = null, delay = 1000, stopped = false;
    var status = root.querySelector("[data-chat-connection]");
    function say(text) { if (status) status.textContent = text; }
    function open() {
      socket = new WebSocket(socketUrl(root));
      socket.addEventListener("open", function () {
        delay = 1000;
        say("");
        if (handlers.open) handlers.open();
      });
      socket.addEventListener("message", function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (error) { return; }
        handlers.message(data);
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4404) { stopped = true; say(gettext("This chat is not available.")); return; }
        if (stopped) return;
        say(gettext("Connection lost. Reconnecting…"));
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 15000);
      });
    }
    open();
    return {
      send: function (data) {
        if (!socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.send(JSON.stringify(data));
        return true;
      },
      isOpen: function () { return socket && socket.readyState === WebSocket.OPEN; },
    };
  }

  function timeText(iso) {
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang || "ko", {
        hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Seoul",
      });
    } catch (error) { return ""; }
  }

  function fileLink(pattern, id) { return pattern.replace(/0\/$/, id + "/"); }

  // Adds a line unless it is there already (a reconnect sends the whole transcript again).
  function addLine(log, line, filePattern) {
    if (log.querySelector('[data-line-id="' + line.id + '"]')) return false;
    var article = document.createElement("article");
    article.className = "chat-line chat-line-" + line.side;
    article.dataset.lineId = line.id;
    var header = document.createElement("header");
    var name = document.createElement("strong");
    name.dir = "auto";
    name.textContent = line.name;
    var time = document.createElement("time");
    time.dateTime = line.at;
    time.textContent = timeText(line.at);
    header.append(name, " ", time);
    var body = document.createElement("div");
    body.className = "msg-body";
    body.dir = "auto";
    body.textContent = line.body;
    article.append(header, body);
    if (line.attachments && line.attachments.length && filePattern) {
      var list = document.createElement("ul");
      list.className = "attachments";
      line.attachments.forEach(function (file) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = fileLink(filePattern, file.id);
        link.textContent = file.name;
        item.append(link);
        list.append(item);
      });
      article.append(list);
    }
    log.append(article);
    log.scrollTop = log.scrollHeight;
    return true;
  }

  // Typing: "typing" when the person starts, "stopped" three seconds after the last key.
  // ``report`` says whether the word went out: typing begun while the socket was still
  // connecting is told at the next key instead of never.
  function typingReporter(input, report) {
    var timer = null, typing = false;
    input.addEventListener("input", function () {
      if (!typing) { typing = report(true) !== false; }
      clearTimeout(timer);
      timer = setTimeout(function () { typing = false; report(false); }, 3000);
    });
    return function reset() { clearTimeout(timer); if (typing) { typing = false; report(false); } };
  }

  // Files go up over HTTP (the usual checks); the socket announces the line to everyone.
  function hookFiles(form, onError) {
    if (!form || !window.fetch) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=file]");
      if (!input.files.length) return;
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        return response.json().catch(function () { return { ok: false, error: gettext("The files could not be sent.") }; });
      }).then(function (result) {
        if (result.ok) input.value = "";
        else onError(result.error || gettext("The files could not be sent."));
      }).catch(function () {
        onError(gettext("The files could not be sent."));
      }).finally(function () { button.disabled = false; });
    });
  }

  window.helpdeskChat = { connect: connect, addLine: addLine, typingReporter: typingReporter, hookFiles: hookFiles, gettext: gettext };
})();
