'use strict';
// probeRollbackExtmap: does a rollback restore the RTP header extension
// IDs of the last stable state? A connection with a negotiated BUNDLE
// transport (a data channel) adds an audio transceiver and, with rollback
// 'explicit' or 'implicit', makes and rolls back an offer for it; then it
// applies a remote offer whose new audio m-section has the same mid but
// other extension IDs (3 and 4 swapped, as another stack may number them;
// Firefox has no 4, so its sdes:mid moves from 3 to 4). rollback 'none' is
// the control. Returns 'ok <state>' or the exception.
async function probeRollbackExtmap(rollback) {
  const swap = sdp => sdp.replace(/a=extmap:3 /g, 'a=extmap:X ')
    .replace(/a=extmap:4 /g, 'a=extmap:3 ').replace(/a=extmap:X /g, 'a=extmap:4 ');
  const pc = new RTCPeerConnection();
  const remote = new RTCPeerConnection();
  try {
    pc.createDataChannel('x', { negotiated: true, id: 0 });
    remote.createDataChannel('x', { negotiated: true, id: 0 });
    await remote.setLocalDescription();
    await pc.setRemoteDescription(remote.localDescription);
    await pc.setLocalDescription();
    await remote.setRemoteDescription(pc.localDescription);
    pc.addTransceiver('audio');
    remote.addTransceiver('audio');
    await remote.setLocalDescription();
    const offer = { type: 'offer', sdp: swap(remote.localDescription.sdp) };
    if (rollback !== 'none') await pc.setLocalDescription();
    if (rollback === 'explicit') await pc.setLocalDescription({ type: 'rollback' });
    await pc.setRemoteDescription(offer); // implicit rollback when have-local-offer
    return `ok ${pc.signalingState}`;
  } catch (e) {
    return `${e.name}: ${e.message}`;
  } finally {
    pc.close();
    remote.close();
  }
}

// audioExtensions returns the RTP header extensions the browser offers
// for audio, {id, uri}, in the order of their IDs: 1..4 in Chromium, 1, 2,
// 3 and 7 in Firefox. pion numbers one-byte IDs from 1 up (1..14).
async function audioExtensions() {
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver('audio');
    const offer = await pc.createOffer();
    const ext = [...offer.sdp.matchAll(/^a=extmap:(\d+)(?:\/\w+)? (\S+)/gm)]
      .map(m => ({ id: Number(m[1]), uri: m[2] }))
      .sort((x, y) => x.id - y.id);
    ext.forEach((e, i) => {
      if (e.id < 1 || e.id > 14 || (i > 0 && e.id === ext[i - 1].id)) {
        throw new Error(`extension IDs are not distinct in 1..14: ${JSON.stringify(ext)}`);
      }
    });
    return ext;
  } finally {
    pc.close();
  }
}

// probeRefusedCollidingOffer: a polite GlarePeer with implicit rollback
// offers an audio transceiver; a colliding remote offer that the machine
// accepts and the browser refuses (no DTLS fingerprint) arrives. Chromium
// checks it first and keeps our offer; Firefox keeps the implicit rollback,
// and the machine, told so (rolledBack), follows it to stable and offers
// again. Returns the browser's states, the offers sent and the failures.
async function probeRefusedCollidingOffer() {
  const remote = new RTCPeerConnection();
  remote.addTransceiver('audio');
  await remote.setLocalDescription();
  const bad = { type: 'offer', sdp: remote.localDescription.sdp.replace(/^a=fingerprint:.*\r\n/gm, '') };
  remote.close();
  const pc = new RTCPeerConnection();
  const states = [];
  pc.onsignalingstatechange = () => states.push(pc.signalingState);
  let offers = 0;
  const peer = new GlarePeer(pc, {
    polite: true, implicitRollback: true, name: 'polite',
    send: m => { if (m.description && m.description.type === 'offer') offers++; },
  });
  try {
    pc.addTransceiver('audio');
    const ready = () => offers === 1 && peer.idle;
    if (!await waitFor(ready, 10000)) throw new Error('no first offer');
    peer.receive({ description: bad });
    const failed = () => peer.failures.length >= 2;
    await waitFor(() => failed() && peer.idle, 10000);
    await sleep(100); // an offer made again, or none
    await waitFor(() => peer.idle, 10000);
    return { states, offers, machine: peer.state, browser: pc.signalingState, failures: peer.failures };
  } finally {
    pc.close();
  }
}

// probeHeldSDP: SDP crosses into WebAssembly once per peer. A deferred
// peer gets the browser's offer (createofferdone), the answer, and the
// completion of its SetLocal with the very offer string it was handed
// back. Returns, for each step, the SDP bytes copied in so far and how the
// output's descriptions came: 'ref' (the page's own string, given back),
// 'text' (a copy) or none.
async function probeHeldSDP() {
  const pc = new RTCPeerConnection();
  const remote = new RTCPeerConnection();
  try {
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    await remote.setRemoteDescription(offer);
    const answer = await remote.createAnswer();
    const h = check(glare.newPeer('polite', 'deferred'));
    const steps = [];
    let back = null; // the description of the last output action that has one
    const step = input => {
      const out = check(glare.step(h, input));
      const acts = out.actions.filter(a => a.description);
      const how = acts.map(a => a.byRef ? (a.description.sdp === (a.description.type === 'offer' ? offer.sdp : answer.sdp) ? 'ref' : 'wrong ref') : 'text');
      if (acts.length) back = acts[0].description;
      steps.push({ kind: input.kind, copied: glare.copied(h), descriptions: how, actions: out.actions.map(a => a.do) });
    };
    step({ kind: 'negotiationneeded' });
    step({ kind: 'createofferdone', description: { type: offer.type, sdp: offer.sdp } });
    step({ kind: 'description', description: { type: answer.type, sdp: answer.sdp }, offerId: 1 });
    step({ kind: 'setlocaldone', description: back });
    return { offer: offer.sdp.length, answer: answer.sdp.length, steps };
  } finally {
    pc.close();
    remote.close();
  }
}

// probeGatherAfterRollback: a connection sets a local offer and, chained at
// once, rolls it back (explicit) or applies a remote offer over it
// (implicit), then answers that remote offer. Does it gather candidates for
// its answer? Returns the candidates it gave after the answer was applied
// (within 1 s) and its iceGatheringState then; when it gave none, how many
// it gave after an ICE restart (afterRestart).
async function probeGatherAfterRollback(rollback) {
  const pc = new RTCPeerConnection();
  const remote = new RTCPeerConnection();
  try {
    let after = null;
    pc.onicecandidate = e => { if (after && e.candidate && e.candidate.candidate) after.push(e.candidate.candidate); };
    pc.createDataChannel('x', { negotiated: true, id: 0 });
    remote.createDataChannel('x', { negotiated: true, id: 0 });
    await remote.setLocalDescription();
    const offered = pc.setLocalDescription(); // not awaited: the rollback is chained right behind it
    if (rollback === 'explicit') await pc.setLocalDescription({ type: 'rollback' });
    await pc.setRemoteDescription(remote.localDescription);
    await offered;
    after = [];
    await pc.setLocalDescription();
    await remote.setRemoteDescription(pc.localDescription);
    await new Promise(r => setTimeout(r, 1000));
    const res = { candidates: after.length, gathering: pc.iceGatheringState, afterRestart: -1 };
    if (after.length === 0) { // stuck: does an ICE restart recover?
      pc.restartIce();
      await pc.setLocalDescription();
      await remote.setRemoteDescription(pc.localDescription);
      await remote.setLocalDescription();
      await pc.setRemoteDescription(remote.localDescription);
      await new Promise(r => setTimeout(r, 1000));
      res.afterRestart = after.length;
    }
    return res;
  } finally {
    pc.close();
    remote.close();
  }
}
