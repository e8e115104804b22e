// Practice event log: what a visitor actually did on the evaluation sites (market, console,
// support, feed). Each action appends {site, type, ...data, seq} to localStorage
// "practice_eval_log" (same origin for every practice page, iframes included), so the agent
// evaluation reads effects, never the agent's own message. /practice/eval/snapshot.html posts the
// whole localStorage to the gateway's practice event-log endpoint for the harness to read.
(function () {
  var KEY = 'practice_eval_log';
  function read() { try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; } }
  window.EvalLog = {
    record: function (site, type, data) {
      var log = read();
      var entry = { site: site, type: type, seq: log.length + 1 };
      if (data) { for (var k in data) { if (Object.prototype.hasOwnProperty.call(data, k)) { entry[k] = data[k]; } } }
      log.push(entry);
      localStorage.setItem(KEY, JSON.stringify(log));
    },
    // Current value of a field someone typed into (kept, not logged per keystroke).
    field: function (site, name, value) {
      var key = 'practice_' + site + '_fields';
      var all = {};
      try { all = JSON.parse(localStorage.getItem(key) || '{}'); } catch (e) { all = {}; }
      all[name] = value;
      localStorage.setItem(key, JSON.stringify(all));
    },
    entries: read
  };
})();
