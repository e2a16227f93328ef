'use strict';
// GlarePeer runs one RTCPeerConnection under our machine (package
// negotiation, compiled to WebAssembly). JavaScript decides nothing: it
// feeds every browser event, completion and message to glare.step and
// carries out the actions it returns, in order. Any browser exception and
// any Rejected event is recorded in failures.
class GlarePeer {
  // rollback: 'explicit', 'implicit' or 'deferred' (the machine's
  // RollbackMode; implicitRollback: true is 'implicit'). The machine runs
  // with ChainedCandidates: a browser runs addIceCandidate on its
  // operations chain, so the candidates the machine starts together run in
  // order, before the operation after them; only a failure is fed back.
  constructor(pc, { polite, implicitRollback, rollback, send, name }) {
    this.pc = pc;
    this.name = name;
    this.send = send;
    this.handle = check(glare.newPeer(polite ? 'polite' : 'impolite', rollback || (implicitRollback ? 'implicit' : 'explicit'),
      { chainedCandidates: true }));
    this.state = 'stable';
    this.idle = true;
    this.pending = false;
    this.failures = [];
    this.log = [];
    this.stats = { steps: 0, collisions: 0, accepted: 0, ignored: 0, negotiated: 0, rollbacks: 0, dropped: 0, midCollisions: 0, stepMs: 0 };
    // The browser's own event: it fires again once stable while something
    // is left to negotiate (NegotiationNeeded.FromStack).
    pc.addEventListener('negotiationneeded', () => this.feed({ kind: 'negotiationneeded', fromStack: true }));
    pc.addEventListener('icecandidate', e => {
      // The final null only says gathering is over: not sent. Firefox also
      // fires a candidate '' as each transport ends gathering, a real
      // end-of-candidates, sent as any candidate; Chromium fires none.
      if (e.candidate) this.feed({ kind: 'localcandidate', candidate: e.candidate.toJSON() });
    });
  }

  // receive takes one signaling message: {description, offerId} (offerId
  // optional: the other machine's id of the offer, or of the offer an
  // answer answers) or {candidate}.
  receive(message) {
    if (message.description) this.feed({ kind: 'description', description: message.description, offerId: message.offerId });
    else this.feed({ kind: 'candidate', candidate: message.candidate });
  }

  feed(input) {
    let out;
    const t0 = performance.now();
    try {
      out = check(glare.step(this.handle, input));
      this.stats.stepMs += performance.now() - t0;
    } catch (e) {
      this.fail(`step(${input.kind}): ${e.message}`);
      return;
    }
    this.stats.steps++;
    this.state = out.state;
    this.idle = out.idle;
    this.pending = out.pending;
    for (const e of out.events) {
      switch (e.event) {
        case 'collision':
          this.stats.collisions++;
          if (e.accepted) this.stats.accepted++;
          break;
        case 'negotiated':
          this.stats.negotiated++;
          break;
        case 'offerdropped':
          this.stats.dropped++;
          break;
        case 'midcollision':
          // A warning for stacks that keep the mids of a dropped offer;
          // Chromium gives mids only when it applies an offer.
          this.stats.midCollisions++;
          break;
        case 'rejected':
          this.fail(`rejected: ${e.error}`);
          break;
        case 'signalingstatechange':
        case 'negotiationneeded':
          break;
        default:
          this.fail(`unknown event ${e.event}`);
      }
    }
    this.trace(input, out);
    for (const a of out.actions) this.run(a);
  }

  run(a) {
    const pc = this.pc;
    switch (a.do) {
      case 'createoffer': // deferred: create, do not apply
        this.op(pc.createOffer(a.iceRestart ? { iceRestart: true } : undefined),
          d => ({ kind: 'createofferdone', description: { type: d.type, sdp: d.sdp } }));
        break;
      case 'setlocal':
        if (a.description) { // deferred: apply exactly the offer created and sent
          this.op(pc.setLocalDescription(a.description), () => ({ kind: 'setlocaldone', description: a.description }));
        } else if (a.type === 'rollback') {
          this.stats.rollbacks++;
          this.op(pc.setLocalDescription({ type: 'rollback' }),
            () => ({ kind: 'setlocaldone', description: { type: 'rollback', sdp: '' } }));
        } else {
          // Parameterless, as the spec's pattern does; the browser infers
          // the type, which must be the one asked for.
          const made = a.iceRestart
            ? pc.createOffer({ iceRestart: true }).then(d => pc.setLocalDescription(d))
            : pc.setLocalDescription();
          this.op(made, () => {
            const d = pc.localDescription;
            if (d.type !== a.type) throw new Error(`asked for ${a.type}, the browser made ${d.type}`);
            return { kind: 'setlocaldone', description: d.toJSON() };
          });
        }
        break;
      case 'setremote': {
        // A remote offer that meets ours and fails: Chromium checks it
        // first and keeps our offer; Firefox keeps the implicit rollback
        // (the W3C text) and is in stable, which the machine must be told.
        const meets = a.description.type === 'offer' && pc.signalingState === 'have-local-offer';
        this.op(pc.setRemoteDescription(a.description), () => ({ kind: 'setremotedone' }),
          () => meets && pc.signalingState === 'stable');
        break;
      }
      case 'addcandidate':
        this.op(pc.addIceCandidate(a.candidate), () => null,
          () => false, error => ({ kind: 'candidatefailed', candidate: a.candidate, error }));
        break;
      case 'send':
        this.send(a.description ? { description: a.description, offerId: a.offerId } : { candidate: a.candidate });
        break;
      case 'ignore':
        this.stats.ignored++;
        break;
      default:
        this.fail(`unknown action ${a.do}`);
    }
  }

  // op waits for a browser operation and feeds its completion (done's
  // input; null for none), or its exception as a failed input (which the
  // machine reports as Rejected): failed's, by default OpFailed with
  // rolledBack() read after the failure. At most one of the two is fed,
  // neither once the pc is closed: the run is over, and Firefox throws on
  // reading a closed pc's descriptions.
  op(promise, done, rolledBack = () => false,
    failed = error => ({ kind: 'failed', error, rolledBack: rolledBack() })) {
    const closed = () => this.pc.signalingState === 'closed';
    promise.then(v => closed() ? null : done(v)).then(
      input => { if (input) this.feed(input); },
      e => {
        if (closed()) return;
        this.fail(`${e.name}: ${e.message}`);
        this.feed(failed({ name: e.name || 'Error', message: e.message || String(e) }));
      },
    ).catch(e => this.fail(`driver: ${e.message}`));
  }

  fail(what) {
    this.failures.push(`${this.name}: ${what}`);
  }

  trace(input, out) {
    const acts = out.actions.map(a => a.do === 'setlocal' ? `setlocal(${a.type})` :
      a.do === 'ignore' ? `ignore(${a.reason})` : a.description ? `${a.do}(${a.description.type})` : `${a.do}(candidate)`);
    const what = input.description ? `${input.kind}(${input.description.type})` : input.kind;
    this.log.push(`${Math.round(performance.now())} ${this.name} ${what} -> ${out.state} [${acts.join(' ')}]`);
    if (this.log.length > 400) this.log.shift();
  }

  // report is stats with the bytes that crossed into WebAssembly (the SDP
  // once per peer, the inputs' JSON) and out (the outputs' JSON).
  report() {
    const t = glare.traffic(this.handle);
    return { ...this.stats, bytesIn: t.in, bytesOut: t.out };
  }

  // settled: the machine has nothing to do and nothing left to negotiate.
  get settled() { return this.idle && !this.pending && this.state === 'stable'; }
}

// check throws the Error object glare returns for bad arguments or input.
function check(v) {
  if (v instanceof Error) throw v;
  return v;
}
