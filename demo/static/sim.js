// The WeCom simulator's chat page: polls the user's messages, renders
// text, markdown, cards with buttons and files, and sends what is typed or
// clicked through the server (which uses the real encrypted callback).
(function () {
  var phone = document.getElementById('phone');
  var user = phone.getAttribute('data-user');
  var log = document.getElementById('log');
  var last = 0;

  function bubble(m) {
    var b = document.createElement('div');
    b.className = 'msg ' + (m.mine ? 'mine' : 'bot') + ' ' + m.kind;
    b.setAttribute('data-seq', m.seq);
    if (m.kind === 'card') {
      var t = document.createElement('div');
      t.className = 'title';
      t.textContent = m.title;
      b.appendChild(t);
    }
    var p = document.createElement('div');
    p.className = 'body';
    p.textContent = m.text; // text only: nothing the bot sends is parsed as HTML
    b.appendChild(p);
    if (m.file) {
      var a = document.createElement('a');
      a.href = m.file;
      a.textContent = '下载 ' + m.text;
      a.className = 'file';
      b.appendChild(a);
    }
    (m.buttons || []).forEach(function (btn) {
      var el = document.createElement('button');
      el.className = 'cardbtn';
      el.textContent = btn.text;
      el.setAttribute('data-key', btn.key);
      el.addEventListener('click', function () { send({key: btn.key, label: btn.text}); });
      b.appendChild(el);
    });
    var time = document.createElement('span');
    time.className = 'time';
    time.textContent = m.at;
    b.appendChild(time);
    log.appendChild(b);
    log.scrollTop = log.scrollHeight;
  }

  function poll() {
    fetch('/sim/' + encodeURIComponent(user) + '/messages?after=' + last)
      .then(function (r) { return r.json(); })
      .then(function (ms) { (ms || []).forEach(function (m) { last = Math.max(last, m.seq); bubble(m); }); })
      .catch(function () {});
  }

  function send(body) {
    return fetch('/sim/' + encodeURIComponent(user) + '/send', {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)
    }).then(poll);
  }

  document.getElementById('form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('text');
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    send({text: text});
  });
  poll();
  setInterval(poll, 800);
})();
