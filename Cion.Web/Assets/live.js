// Live updates for cion-web's pages. Every page works without this script (reload to see
// more); it only adds what Server-Sent Events bring. Log events carry HTML the server has
// already escaped (every byte of a log is escaped once, at the server), so it is inserted as is.
(function () {
  'use strict';

  // Fetches this page again and swaps its main part in place: no reload, no scroll jump.
  function refresh() {
    fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('content');
        var current = document.getElementById('content');
        if (fresh && current) current.replaceWith(fresh);
        follow();
      })
      .catch(function () { /* the next event tries again */ });
  }

  // Overview and repo pages: reload their list when a job is queued, starts or ends.
  var refreshUrl = document.body.getAttribute('data-refresh');
  if (refreshUrl) {
    var pages = new EventSource(refreshUrl);
    pages.addEventListener('changed', refresh);
  }

  var stream = null;

  // A running job's page: append log lines, update the status, and refresh once it has ended.
  function follow() {
    var job = document.getElementById('job');
    var url = job && job.getAttribute('data-events');
    if (!url || stream) return;
    stream = new EventSource(url + '?cursor=' + encodeURIComponent(job.getAttribute('data-cursor') || ''));
    ['build', 'release', 'cion'].forEach(function (name) {
      stream.addEventListener('log-' + name, function (e) {
        var pre = document.getElementById('log-' + name);
        if (!pre) return;
        var section = document.getElementById('section-' + name);
        if (section) section.hidden = false;
        var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
        pre.insertAdjacentHTML('beforeend', e.data);
        if (atBottom) window.scrollTo(0, document.body.scrollHeight);
      });
    });
    stream.addEventListener('status', function (e) {
      var status = document.getElementById('status');
      if (!status) return;
      status.textContent = e.data;
      status.className = 'status status-' + e.data;
    });
    stream.addEventListener('end', function () {
      stream.close();
      stream = null;
      refresh();
    });
  }

  follow();
})();
