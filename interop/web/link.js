'use strict';
// A signaling link between two peers of one page: ordered and reliable, as
// Perfect Negotiation requires, with a random delay before each message
// (0..maxDelay ms, drawn from a seeded generator). Messages cross as JSON
// text, as they would over a real channel.
class Link {
  constructor(rng, maxDelay) {
    this.rng = rng;
    this.maxDelay = maxDelay;
    this.queue = [];
    this.pumping = false;
    this.sent = 0;
    this.deliver = null; // set by the scenario: (message) => void
  }
  send(message) {
    this.queue.push(JSON.stringify(message));
    this.sent++;
    if (!this.pumping) this.pump();
  }
  pump() {
    if (this.queue.length === 0) {
      this.pumping = false;
      return;
    }
    this.pumping = true;
    setTimeout(() => {
      const text = this.queue.shift();
      this.deliver(JSON.parse(text));
      this.pump();
    }, this.rng() * this.maxDelay);
  }
  get idle() { return this.queue.length === 0 && !this.pumping; }
}

// mulberry32: a small seeded generator, so a failing run can be replayed.
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

// waitFor polls cond every few ms; it resolves true when cond holds and
// false after timeout ms.
async function waitFor(cond, timeout) {
  const end = performance.now() + timeout;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(2);
  }
  return true;
}
