'use strict';
// The web-platform-tests stress-glare scenario (RTCPeerConnection-perfect-
// negotiation-stress-glare): a polite and an impolite peer in one page; in
// each of `rounds` rounds both add an audio transceiver at the same moment,
// rounds 20 ms apart shrinking to 0. Success: both peers stable with
// 2*rounds transceivers, every one negotiated (own ones sendonly, the
// other's recvonly), no failure, and a data channel message each way.
//
// driver: 'glare' (our machine in WebAssembly; rollback picks its mode:
// 'explicit', 'implicit' or 'deferred') or 'reference' (the spec's
// JavaScript example). Times run from
// the start of the schedule (convergedMs, totalMs with the data) and from
// its last round (tailMs: the part that is negotiation alone).
async function runStress({ driver, rollback = 'explicit', seed = 1, rounds = 21, maxDelay = 5, timeout = 30000 }) {
  const rng = seeded(seed);
  const pcA = new RTCPeerConnection();
  const pcB = new RTCPeerConnection();
  const ab = new Link(rng, maxDelay);
  const ba = new Link(rng, maxDelay);
  const make = (pc, polite, link, name) => driver === 'glare'
    ? new GlarePeer(pc, { polite, rollback, send: m => link.send(m), name })
    : new ReferencePeer(pc, { polite, send: m => link.send(m), name });
  const A = make(pcA, true, ab, 'polite');
  const B = make(pcB, false, ba, 'impolite');
  ab.deliver = m => B.receive(m);
  ba.deliver = m => A.receive(m);
  const errors = [];
  const onError = e => errors.push(`page: ${e.reason ? e.reason.message || e.reason : e.message}`);
  window.addEventListener('unhandledrejection', onError);
  window.addEventListener('error', onError);

  // Local candidates each connection gathered (both drivers send them).
  const gathered = [0, 0];
  [pcA, pcB].forEach((pc, i) => pc.addEventListener('icecandidate', e => { if (e.candidate && e.candidate.candidate) gathered[i]++; }));

  const dcA = pcA.createDataChannel('chat', { negotiated: true, id: 0 });
  const dcB = pcB.createDataChannel('chat', { negotiated: true, id: 0 });
  const ownA = [];
  const ownB = [];
  const failures = () => [...errors, ...A.failures, ...B.failures];

  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    await sleep(Math.round(20 * (rounds - 1 - i) / Math.max(1, rounds - 1)));
    ownA.push(pcA.addTransceiver('audio'));
    ownB.push(pcB.addTransceiver('audio'));
  }
  const scheduled = performance.now(); // the last round is in
  const negotiated = (pc, own) => {
    const ts = pc.getTransceivers();
    return ts.length === 2 * rounds && ts.every(t =>
      t.currentDirection === (own.includes(t) ? 'sendonly' : 'recvonly'));
  };
  const converged = () => pcA.signalingState === 'stable' && pcB.signalingState === 'stable' &&
    ab.idle && ba.idle && A.settled && B.settled && negotiated(pcA, ownA) && negotiated(pcB, ownB);
  const ok = await waitFor(() => failures().length > 0 || converged(), timeout) && failures().length === 0;
  const convergedMs = performance.now() - start;
  const tailMs = performance.now() - scheduled;

  let messages = [];
  if (ok) {
    const got = [];
    dcA.onmessage = e => got.push(`polite got ${e.data}`);
    dcB.onmessage = e => got.push(`impolite got ${e.data}`);
    const open = () => dcA.readyState === 'open' && dcB.readyState === 'open';
    const stuck = () => [pcA, pcB].some((pc, i) => gathered[i] === 0 && pc.iceGatheringState === 'gathering');
    if (await waitFor(open, 3000) || !stuck() && await waitFor(open, timeout)) {
      dcA.send('hello from polite');
      dcB.send('hello from impolite');
      await waitFor(() => got.length === 2, timeout);
    }
    messages = got.sort();
  }
  const totalMs = performance.now() - start;
  // Chromium sometimes never gathers after its first offer is rolled back at
  // once (TestGatherAfterEarlyRollback; an ICE restart does not help): no
  // candidate, no connection, whatever drives it. Named, not hidden.
  const browserFault = ok && messages.length < 2 && [pcA, pcB].some((pc, i) => gathered[i] === 0 && pc.iceGatheringState === 'gathering')
    ? `a connection never gathered a candidate (gathered ${gathered.join('/')}, gathering ${pcA.iceGatheringState}/${pcB.iceGatheringState})` : '';
  const result = {
    driver, rollback, seed, rounds, ok,
    convergedMs, tailMs, scheduleMs: scheduled - start, totalMs, messages, browserFault,
    failures: failures(),
    signalingMessages: ab.sent + ba.sent,
    transceivers: [pcA.getTransceivers().length, pcB.getTransceivers().length],
    directions: [pcA, pcB].map(pc => pc.getTransceivers().map(t => t.currentDirection)
      .reduce((n, d) => ({ ...n, [d]: (n[d] || 0) + 1 }), {})),
    states: [pcA.signalingState, pcB.signalingState],
    polite: A.report ? A.report() : A.stats,
    impolite: B.report ? B.report() : B.stats,
    // On a failure, or data that did not cross: the machines' last steps
    // and the transports' states.
    log: ok && messages.length === 2 || !A.log ? [] : [
      ...[...A.log, ...B.log].sort((x, y) => parseInt(x) - parseInt(y)).slice(-80),
      `data channels ${dcA.readyState}/${dcB.readyState}, ICE ${pcA.iceConnectionState}/${pcB.iceConnectionState}, connection ${pcA.connectionState}/${pcB.connectionState}, gathering ${pcA.iceGatheringState}/${pcB.iceGatheringState}, candidates gathered ${gathered.join('/')}`,
    ],
  };
  window.removeEventListener('unhandledrejection', onError);
  window.removeEventListener('error', onError);
  pcA.close();
  pcB.close();
  return result;
}
