'use strict';
// installGlare adds glare.step, glare.copied and glare.traffic to
// globalThis.glare (made by glare.wasm's main) over the module's exports
// (wasm/main.go), and wraps glare.newPeer to know the handles: a call into
// syscall/js costs 170-260 us when it is the first of a browser task, an
// export call 10-18 us.
//
// glare.step(handle, input) -> output, or an Error: input is a plain object
// of bridge.Input's form ({kind, description, candidate, ...}), output the
// parsed bridge.Output, each description in it with the SDP string the page
// gave ({type, sdp}; byRef on its action when that string was handed back,
// not copied out). The SDP of an input description crosses as raw text,
// once per peer: the peer holds the last 8 given (bridge.Held), and a
// string the page gave before is named by its id instead.
// glare.copied(handle) -> bytes of SDP copied in so far.
// glare.traffic(handle) -> {in, out}: bytes that crossed each way.
function installGlare(instance) {
  const ex = instance.exports;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const heldCount = 8; // bridge.HeldCount
  const peers = []; // by handle: {held: [{id, sdp}] oldest first, traffic}
  let nextID = 0;
  let size = 0;
  let at = 0;
  const room = n => {
    if (n > size) {
      at = ex.glare_reserve(n) >>> 0; // an address: unsigned
      size = n;
    }
  };
  const newPeer = glare.newPeer;
  glare.newPeer = (...args) => {
    const h = newPeer(...args);
    if (Number.isInteger(h)) peers[h] = { held: [], traffic: { in: 0, out: 0 } };
    return h;
  };

  glare.step = (h, input) => {
    const p = peers[h];
    if (!Number.isInteger(h) || !p || typeof input !== 'object' || input === null) return new Error('glare: step(handle, input): unknown handle or no input');
    const d = input.description;
    let sdp = '';
    let id = 0;
    if (d && typeof d === 'object' && typeof d.sdp === 'string' && d.sdp !== '') {
      const known = p.held.find(x => x.sdp === d.sdp);
      if (known) id = known.id;
      else {
        sdp = d.sdp;
        id = ++nextID;
      }
      input = { ...input, description: { type: d.type } };
    }
    const json = JSON.stringify(input);
    room(3 * (json.length + sdp.length)); // UTF-8 takes at most 3 bytes per UTF-16 unit
    const mem = new Uint8Array(ex.mem.buffer, at, size);
    const n = enc.encodeInto(json, mem).written;
    const m = sdp ? enc.encodeInto(sdp, mem.subarray(n)).written : 0;
    const r = ex.glare_step(h, n, m, id);
    if (sdp) {
      if (p.held.length === heldCount) p.held.shift();
      p.held.push({ id, sdp });
    }
    const result = ex.glare_result() >>> 0;
    const text = dec.decode(new Uint8Array(ex.mem.buffer, result, Math.abs(r)));
    p.traffic.in += n + m;
    p.traffic.out += text.length;
    if (r < 0) return new Error('glare: ' + text);
    const out = JSON.parse(text);
    for (const a of out.actions) {
      if (a.description && a.description.ref) {
        const x = p.held.find(x => x.id === a.description.ref);
        if (!x) return new Error('glare: the output names an SDP the page does not hold');
        a.description = { type: a.description.type, sdp: x.sdp };
        a.byRef = true;
      }
    }
    return out;
  };
  glare.copied = h => ex.glare_copied(h);
  glare.traffic = h => ({ ...peers[h].traffic });
}
