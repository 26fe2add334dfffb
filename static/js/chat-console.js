// The agents' chat console: heartbeat (online only while it beats), the waiting line and
// held chats kept current, the open chat's lines, typing, canned responses and files.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var root = document.querySelector("[data-chat-console]");
    var chat = window.helpdeskChat;
    if (!root || !chat || !window.WebSocket) return;
    var gettext = chat.gettext;
    var current = root.dataset.current;
    var log = root.querySelector("[data-chat-log]");
    var typingLine = root.querySelector("[data-chat-typing]");
    var connection = root.querySelector("[data-chat-connection]");
    var composer = root.querySelector("[data-chat-composer]");
    var input = root.querySelector("[data-chat-input]");
    var lastLists = null;
    var lastStatus = null;
    var statusSelect = root.querySelector("[data-chat-status-select]");
    if (statusSelect) statusSelect.addEventListener("change", function () { statusSelect.dataset.touched = "1"; });
    var socket;

    function refreshLists(data) {
      var lists = JSON.stringify([data.waiting, data.held]);
      if (lastLists !== null && lists !== lastLists && window.htmx) {
        var element = document.getElementById("chat-lists");
        if (element) window.htmx.trigger(element, "chat-refresh");
      }
      lastLists = lists;
      // The server's status shows when it changed there (a vanished heartbeat), never over a
      // choice the agent is about to save.
      var select = root.querySelector("[data-chat-status-select]");
      if (select && data.status && data.status !== lastStatus && lastStatus !== null && !select.dataset.touched) {
        select.value = data.status;
      }
      lastStatus = data.status;
    }

    socket = chat.connect(root, {
      open: function () { if (current) socket.send({ type: "watch", chat: current }); },
      message: function (data) {
        if (data.type === "console") refreshLists(data);
        else if ((data.type === "message" || data.type === "transcript") && data.chat === current && log) {
          (data.type === "message" ? [data] : data.messages).forEach(function (line) {
            chat.addLine(log, line, root.dataset.fileUrl);
          });
          if (data.type === "message" && data.side === "buyer") typingLine.textContent = "";
        } else if (data.type === "typing" && data.chat === current && typingLine) {
          typingLine.textContent = data.typing ? gettext("The customer is typing…") : "";
        } else if (data.type === "error") {
          connection.textContent = data.message;
        }
      },
    });
    setInterval(function () { socket.send({ type: "heartbeat" }); }, 15000);

    var stopTyping = input ? chat.typingReporter(input, function (typing) {
      return socket.send({ type: "typing", chat: current, typing: typing });
    }) : function () {};
    if (composer && input) {
      composer.addEventListener("submit", function (event) {
        var body = input.value.trim();
        if (!body) { event.preventDefault(); return; }
        if (socket.send({ type: "message", chat: current, body: body })) {
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
    root.querySelectorAll("[data-canned]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!input) return;
        input.value = input.value ? input.value + "\n" + button.dataset.canned : button.dataset.canned;
        input.focus();
      });
    });
    chat.hookFiles(root.querySelector("[data-chat-files]"), function (error) {
      connection.textContent = error;
    });
  });
})();
