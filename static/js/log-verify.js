// Checks, in the browser, that a log entry is in the tree of the server's signed head:
// leaf = SHA-256(0x00 || entry bytes), node = SHA-256(0x01 || left || right), audit path walked
// as in RFC 9162 section 2.1.3.2. The head's Ed25519 signature is checked too where WebCrypto
// offers Ed25519. No library, no inline script (the site's CSP forbids them).
(function () {
  "use strict";
  var box = document.querySelector(".log-verify");
  if (!box || !window.crypto || !window.crypto.subtle || !window.fetch) return;
  var state = box.querySelector("[data-state]");
  var d = box.dataset;

  function b64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function join(parts) {
    var size = 0, at = 0;
    parts.forEach(function (p) { size += p.length; });
    var out = new Uint8Array(size);
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function sha(parts) {
    return crypto.subtle.digest("SHA-256", join(parts)).then(function (buf) { return new Uint8Array(buf); });
  }
  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  var ONE = new Uint8Array([1]);

  async function inclusion(index, size, leaf, path, root) {
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < path.length; i++) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha([ONE, path[i], r]);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await sha([ONE, r, path[i]]);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && same(r, root);
  }

  async function signatureOk(head) {
    var message = new TextEncoder().encode(
      "wsr-tree-head/1\n" + head.stream + "\n" + head.tree_size + "\n" + hex(b64(head.root_hash)) + "\n" + head.timestamp + "\n");
    try {
      var key = await crypto.subtle.importKey("raw", b64(d.publicKey), { name: "Ed25519" }, false, ["verify"]);
      return await crypto.subtle.verify({ name: "Ed25519" }, key, b64(head.signature), message);
    } catch (e) {
      return null; // this browser has no Ed25519 in WebCrypto
    }
  }

  function show(cls, text, detail) {
    state.className = cls;
    state.textContent = text;
    if (detail) {
      var more = document.createElement("span");
      more.className = "muted";
      more.textContent = " " + detail;
      state.appendChild(more);
    }
    if (cls !== "muted") box.dataset.result = cls;
  }

  async function run() {
    show("muted", d.msgChecking);
    var index = parseInt(d.index, 10);
    var head = await json(d.headUrl);
    var entry = await json(d.entryUrl);
    var proof = await json(d.proofUrl + "?index=" + index + "&size=" + head.tree_size);
    var bytes = b64(entry.entries[0].entry);
    var leaf = await sha([new Uint8Array([0]), bytes]);
    var ok = await inclusion(index, head.tree_size, leaf, proof.audit_path.map(b64), b64(head.root_hash));
    if (!ok) return show("verify-failed", d.msgFailed);
    var signed = await signatureOk(head);
    if (signed === false) return show("verify-failed", d.msgBadSignature);
    show("verify-ok", "✓ " + d.msgVerified, d.msgVerifiedDetail + " " + (signed ? d.msgSignature : d.msgNoSignature));
  }

  run().catch(function () { show("verify-failed", d.msgError); });
})();
