'use strict';
// EnvelopeLink is the page's end of a signaling channel that may lose,
// copy and reorder messages: package delivery's link (glare.newLink and
// glare.linkStep, in WebAssembly) on the page's clock (Date.now()), with a
// timer for its hellos and retransmissions. send takes the machine's
// messages; receive takes the channel's envelopes (JSON text, the wire
// format of package delivery). It calls deliver(message) once per message
// of the other peer, in order; transmit(text) for each envelope to put on
// the channel; onEvent(event) for each delivery event ({event, text,
// reason}: connected, peerrestarted, retransmitted, dropped, failed),
// before the messages delivered with it; and onError(text) for an input
// the link refused.
class EnvelopeLink {
  constructor(session, { rtoMs = 1000, transmit, deliver, onEvent = () => {}, onError }) {
    this.handle = check(glare.newLink(session, rtoMs));
    Object.assign(this, { transmit, deliver, onEvent, onError });
    this.timer = null;
    this.closed = false;
    this.inbox = [];
    this.busy = false;
    this.stats = { transmitted: 0, delivered: 0, retransmitted: 0, duplicates: 0, dropped: 0, restarts: 0, failed: 0 };
    this.step('tick', ''); // the first hello
  }

  send(message) { this.step('send', JSON.stringify(message)); }

  receive(text) { this.step('receive', text); }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
  }

  // step feeds one input to the link. An input that comes while a step
  // carries out its output (a message delivered makes the machine send)
  // waits for it, so the link sees its inputs one at a time and the timer
  // follows the last one.
  step(kind, text) {
    this.inbox.push([kind, text]);
    if (this.busy) return;
    this.busy = true;
    let timeout; // of the last step that succeeded: a refused input changes nothing
    try {
      while (this.inbox.length > 0 && !this.closed) {
        const [k, t] = this.inbox.shift();
        let out;
        try {
          out = JSON.parse(check(glare.linkStep(this.handle, Date.now(), k, t)));
        } catch (e) {
          this.onError(`link ${k}: ${e.message}`);
          continue;
        }
        for (const e of out.events) {
          if (e.event === 'retransmitted') this.stats.retransmitted++;
          else if (e.event === 'dropped') this.stats[e.reason === 'duplicate' ? 'duplicates' : 'dropped']++;
          else if (e.event === 'peerrestarted') this.stats.restarts++;
          else if (e.event === 'failed') this.stats.failed++;
          this.onEvent(e);
        }
        for (const m of out.deliver) {
          this.stats.delivered++;
          this.deliver(m);
        }
        for (const m of out.transmit) {
          this.stats.transmitted++;
          this.transmit(m);
        }
        timeout = out.timeout;
      }
    } finally {
      this.busy = false;
    }
    if (this.closed || timeout === undefined) return;
    clearTimeout(this.timer);
    this.timer = timeout < 0 ? null : setTimeout(() => this.step('tick', ''), Math.max(0, timeout - Date.now()));
  }
}
