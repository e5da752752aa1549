// Upload progress: poll the job until it is done, then offer the queue. Nothing else runs here.
(function () {
  var job = document.getElementById("job");
  if (!job) return;
  var id = job.getAttribute("data-job");
  function poll() {
    fetch("/jobs/" + encodeURIComponent(id) + ".json", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        var state = document.getElementById("state");
        document.getElementById("done").textContent = j.done;
        document.getElementById("bar").value = j.done;
        state.textContent = j.state_label;
        state.setAttribute("data-state", j.state);
        document.getElementById("message").textContent = j.message || "";
        job.setAttribute("data-state", j.state);
        if (j.state === "running" || j.state === "queued") setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  var s = job.getAttribute("data-state");
  if (s === "running" || s === "queued") poll();
})();
