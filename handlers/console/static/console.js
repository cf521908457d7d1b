// Tapping a figure in a draft shows where it came from (touch screens
// have no hover, so the title attribute alone is not enough).
(function () {
  var tip = null;
  function hide() { if (tip) { tip.remove(); tip = null; } }
  document.addEventListener('click', function (e) {
    var m = e.target.closest ? e.target.closest('mark.fig, mark.flag') : null;
    hide();
    if (!m) { return; }
    tip = document.createElement('div');
    tip.className = 'tip';
    tip.textContent = m.getAttribute('title');
    document.body.appendChild(tip);
    var r = m.getBoundingClientRect();
    tip.style.left = Math.max(8, r.left + window.scrollX) + 'px';
    tip.style.top = (r.bottom + window.scrollY + 6) + 'px';
  });
})();
