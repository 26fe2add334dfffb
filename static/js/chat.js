// The requester's chat window: lines, queue position and wait, typing, files, over one
// WebSocket; without JavaScript the forms post and the page reloads.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var root = document.querySelector("[data-chat-window]");
    var chat = window.helpdeskChat;
    if (!root || !chat || !window.WebSocket) return;
    var gettext = chat.gettext;
    var log = root.querySelector("[data-chat-log]");
    var statusLine = root.querySelector("[data-chat-status]");
    var typingLine = root.querySelector("[data-chat-typing]");
    var connection = root.querySelector("[data-chat-connection]");
    var composer = root.querySelector("[data-chat-composer]");
    var input = root.querySelector("[data-chat-input]");
    var socket;

    function showState(state) {
      if (state.status_text) statusLine.textContent = state.status_text;
      root.dataset.state = state.state;
      if (state.state === "ended" || state.state === "converted") {
        root.querySelectorAll("[data-chat-composer], [data-chat-files], .chat-leave").forEach(function (form) {
          form.hidden = true;
        });
        typingLine.textContent = "";
      }
    }

    socket = chat.connect(root, {
      message: function (data) {
        if (data.type === "state") {
          showState(data);
          (data.messages || []).forEach(function (line) { chat.addLine(log, line, root.dataset.fileUrl); });
        } else if (data.type === "message") {
          chat.addLine(log, data, root.dataset.fileUrl);
          if (data.side !== "buyer") typingLine.textContent = "";
        } else if (data.type === "typing") {
          typingLine.textContent = data.typing ? gettext("The agent is typing…") : "";
        } else if (data.type === "error") {
          connection.textContent = data.message;
        }
      },
    });

    setInterval(function () { socket.send({ type: "ping" }); }, 20000);
    var stopTyping = input ? chat.typingReporter(input, function (typing) {
      return socket.send({ type: "typing", typing: typing });
    }) : function () {};

    if (composer && input) {
      composer.addEventListener("submit", function (event) {
        var body = input.value.trim();
        if (!body) { event.preventDefault(); return; }
        if (socket.send({ type: "message", body: body })) {
          event.preventDefault();
          input.value = "";
          stopTyping();
        }
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          composer.requestSubmit();
        }
      });
    }
    chat.hookFiles(root.querySelector("[data-chat-files]"), function (error) {
      connection.textContent = error;
    });
    var leave = root.querySelector(".chat-leave");
    if (leave) {
      leave.addEventListener("submit", function (event) {
        if (socket.send({ type: "leave" })) event.preventDefault();
      });
    }
  });
})();
