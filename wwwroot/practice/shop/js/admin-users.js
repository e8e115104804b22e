/* Admin user management: /practice/shop/admin/users.html (state in localStorage practice_shop_admin_users). */
(function () {
  "use strict";
  var esc = Shop.esc;
  var KEY = Shop.KEYS.users;
  var DEFAULT_USERS = [
    ["John Smith", "john.smith@example.com", "Admin", "Active"],
    ["Jane Doe", "jane.doe@example.com", "Editor", "Active"],
    ["Alice Johnson", "alice.johnson@example.com", "Viewer", "Active"],
    ["Bob Martinez", "bob.martinez@example.com", "Editor", "Suspended"],
    ["Carol Nguyen", "carol.nguyen@example.com", "Viewer", "Active"],
    ["David Brown", "david.brown@example.com", "Admin", "Active"],
    ["Emma Wilson", "emma.wilson@example.com", "Viewer", "Invited"],
    ["Frank Liu", "frank.liu@example.com", "Editor", "Active"],
    ["Grace Kim", "grace.kim@example.com", "Viewer", "Active"],
    ["Henry Adams", "henry.adams@example.com", "Viewer", "Suspended"],
    ["Isabel Garcia", "isabel.garcia@example.com", "Editor", "Active"],
    ["Kevin O'Connor", "kevin.oconnor@example.com", "Viewer", "Invited"]
  ].map(function (u, i) { return { id: i + 1, name: u[0], email: u[1], role: u[2], status: u[3] }; });

  function users() {
    var u = Shop.load(KEY, null);
    if (!u) { u = DEFAULT_USERS; Shop.save(KEY, u); }
    return u;
  }
  var tbody = document.getElementById("users-body");
  var status = document.getElementById("admin-status");
  var count = document.getElementById("user-count");
  var pendingDelete = null, editing = null;

  function render() {
    var list = users();
    count.textContent = list.length + " user" + (list.length === 1 ? "" : "s");
    tbody.innerHTML = list.map(function (u) {
      return '<tr data-user-id="' + u.id + '"><td>' + esc(u.name) + "</td><td>" + esc(u.email) + "</td><td>" + esc(u.role) + "</td>" +
        '<td><span class="badge badge-' + u.status.toLowerCase() + '">' + esc(u.status) + "</span></td>" +
        '<td><div class="actions"><button type="button" class="btn-small" data-edit="' + u.id + '">Edit</button>' +
        '<button type="button" class="btn-small danger" data-delete="' + u.id + '">Delete</button></div></td></tr>';
    }).join("");
    if (!list.length) tbody.innerHTML = '<tr><td colspan="5">No users.</td></tr>';
  }
  function find(id) { return users().filter(function (u) { return u.id === id; })[0]; }

  // Delete with confirmation dialog
  var delDialog = document.getElementById("delete-dialog");
  var delTitle = document.getElementById("delete-title");
  tbody.addEventListener("click", function (e) {
    var del = e.target.closest("button[data-delete]");
    var edit = e.target.closest("button[data-edit]");
    if (del) {
      pendingDelete = find(parseInt(del.getAttribute("data-delete"), 10));
      if (!pendingDelete) return;
      delTitle.textContent = "Delete " + pendingDelete.name + "?";
      delDialog.setAttribute("aria-label", "Delete " + pendingDelete.name + "?");
      document.getElementById("delete-detail").textContent =
        pendingDelete.name + " (" + pendingDelete.email + ") will lose access immediately. This cannot be undone.";
      delDialog.showModal();
    } else if (edit) {
      editing = find(parseInt(edit.getAttribute("data-edit"), 10));
      if (!editing) return;
      document.getElementById("edit-title").textContent = "Edit " + editing.name;
      editDialog.setAttribute("aria-label", "Edit " + editing.name);
      document.getElementById("edit-name").value = editing.name;
      document.getElementById("edit-email").value = editing.email;
      document.getElementById("edit-role").value = editing.role;
      document.getElementById("edit-status").value = editing.status;
      editDialog.showModal();
    }
  });
  document.getElementById("delete-confirm").addEventListener("click", function () {
    if (pendingDelete) {
      var name = pendingDelete.name, id = pendingDelete.id;
      Shop.save(KEY, users().filter(function (u) { return u.id !== id; }));
      pendingDelete = null;
      render();
      status.className = "notice notice-success";
      status.textContent = name + " has been deleted.";
    }
    delDialog.close();
  });
  document.getElementById("delete-cancel").addEventListener("click", function () { pendingDelete = null; delDialog.close(); });

  // Edit dialog
  var editDialog = document.getElementById("edit-dialog");
  document.getElementById("edit-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var name = document.getElementById("edit-name").value.trim();
    var email = document.getElementById("edit-email").value.trim();
    var err = document.getElementById("edit-error");
    if (!name || !email) { err.textContent = "Name and email are required."; return; }
    err.textContent = "";
    var list = users();
    list.forEach(function (u) {
      if (editing && u.id === editing.id) {
        u.name = name; u.email = email;
        u.role = document.getElementById("edit-role").value;
        u.status = document.getElementById("edit-status").value;
      }
    });
    Shop.save(KEY, list);
    editing = null;
    editDialog.close();
    render();
    status.className = "notice notice-success";
    status.textContent = "Changes to " + name + " have been saved.";
  });
  document.getElementById("edit-cancel").addEventListener("click", function () { editing = null; editDialog.close(); });

  document.getElementById("restore-users").addEventListener("click", function () {
    Shop.save(KEY, DEFAULT_USERS);
    render();
    status.className = "notice notice-info";
    status.textContent = "The default users have been restored.";
  });
  render();
})();
