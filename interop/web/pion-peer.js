'use strict';
// The browser side of the pion test: one RTCPeerConnection (polite unless
// polite: false) under our machine (GlarePeer), signaling over HTTP to the Go test on
// 127.0.0.1: POST /signal/send carries one message, in order; GET
// /signal/poll long-polls for the messages and controls the test queues.
// Controls: {control:'add'} adds an audio transceiver; {control:'send',
// text} sends text on the data channel.
//
// With a session id, the messages travel in envelopes of package delivery
// (EnvelopeLink, first retransmission after rtoMs): the page POSTs each
// envelope's JSON and the poll brings {envelope} items, over a relay that
// may lose, copy and reorder them.
function startPionPeer({ implicitRollback = false, polite = true, session = '', rtoMs = 1000 } = {}) {
  const pc = new RTCPeerConnection();
  let outbox = Promise.resolve(); // one POST at a time keeps the order
  let stopped = false;
  let loopEnded = false;
  const post = body => {
    // Once stopped, nothing more: a message posted late reaches the next
    // test's relay (seen once with Firefox, before the next pion peer).
    if (stopped) return;
    outbox = outbox.then(() => fetch('signal/send', { method: 'POST', body }))
      .then(r => { if (!r.ok) peer.fail(`POST signal/send: ${r.status}`); })
      .catch(e => peer.fail(`POST signal/send: ${e.message}`));
  };
  let link = null;
  const send = message => link ? link.send(message) : post(JSON.stringify(message));
  const peer = new GlarePeer(pc, { polite, implicitRollback, send, name: 'browser' });
  if (session) {
    link = new EnvelopeLink(session, {
      rtoMs,
      transmit: post,
      deliver: m => peer.receive(m),
      // This page has one connection: the pion peer restarting, or given
      // up, ends it.
      onEvent: e => { if (e.event === 'peerrestarted' || e.event === 'failed') peer.fail(`link: ${e.text}`); },
      onError: text => peer.fail(text),
    });
  }
  const dc = pc.createDataChannel('chat', { negotiated: true, id: 0 });
  const got = [];
  dc.onmessage = e => got.push(e.data);
  const errors = [];
  const onError = e => errors.push(`page: ${e.reason ? e.reason.message || e.reason : e.message}`);
  window.addEventListener('unhandledrejection', onError);
  window.addEventListener('error', onError);
  const own = [];
  (async () => {
    while (!stopped) {
      let items;
      try {
        const r = await fetch('signal/poll');
        if (r.status === 204) continue;
        items = await r.json();
      } catch (e) {
        if (!stopped) peer.fail(`poll: ${e.message}`);
        loopEnded = true;
        return;
      }
      for (const it of items) {
        if (it.control === 'add') own.push(pc.addTransceiver('audio'));
        else if (it.control === 'send') dc.send(it.text);
        else if (it.control === 'stop') stopped = true;
        else if (it.envelope) link.receive(JSON.stringify(it.envelope));
        else peer.receive(it);
      }
    }
    if (link) link.close();
    pc.close(); // the page outlives this test: leave nothing running
    await outbox; // the test waits for loopEnded: no POST may follow it
    loopEnded = true;
    window.removeEventListener('unhandledrejection', onError);
    window.removeEventListener('error', onError);
  })();
  window.pionPeerState = () => ({
    state: pc.signalingState,
    settled: peer.settled,
    transceivers: pc.getTransceivers().length,
    own: own.length,
    // currentDirection counts, of the transceivers this page added and of
    // the ones pion's offers created
    directions: pc.getTransceivers().reduce((n, t) => {
      const k = `${own.includes(t) ? 'own' : 'pion'} ${t.currentDirection}`;
      return { ...n, [k]: (n[k] || 0) + 1 };
    }, {}),
    dc: dc.readyState,
    ice: pc.iceConnectionState,
    got,
    failures: [...errors, ...peer.failures],
    stats: peer.stats,
    link: link ? link.stats : null,
    log: peer.log.slice(-60),
    stopped: loopEnded,
  });
  return true;
}
