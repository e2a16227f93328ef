'use strict';
// ReferencePeer is the W3C spec's own Perfect Negotiation example
// (webrtc-pc, current since 2020-09: makingOffer, ignoreOffer,
// isSettingRemoteAnswerPending, readyForOffer), written from RULES.md 8.1.
// It relies on the parameterless setLocalDescription and on the implicit
// rollback inside setRemoteDescription. Errors are recorded, as the spec
// example logs them; the pattern swallows candidate errors while ignoring.
class ReferencePeer {
  constructor(pc, { polite, send, name }) {
    this.pc = pc;
    this.name = name;
    this.polite = polite;
    this.send = send;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.isSettingRemoteAnswerPending = false;
    this.handling = 0; // messages whose handler has not returned: measurement only
    this.failures = [];
    this.stats = { collisions: 0, ignored: 0, swallowed: 0 };
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.send({ description: pc.localDescription.toJSON() });
      } catch (e) {
        this.fail(e);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send({ candidate: candidate.toJSON() });
    };
  }

  async receive({ description, candidate }) {
    const pc = this.pc;
    this.handling++;
    try {
      if (description) {
        const readyForOffer = !this.makingOffer &&
          (pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        if (offerCollision) this.stats.collisions++;
        this.ignoreOffer = !this.polite && offerCollision;
        if (this.ignoreOffer) {
          this.stats.ignored++;
          return;
        }
        this.isSettingRemoteAnswerPending = description.type === 'answer';
        await pc.setRemoteDescription(description); // rolls back as needed
        this.isSettingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          await pc.setLocalDescription();
          this.send({ description: pc.localDescription.toJSON() });
        }
      } else if (candidate) {
        try {
          await pc.addIceCandidate(candidate);
        } catch (e) {
          if (!this.ignoreOffer) throw e;
          this.stats.swallowed++;
        }
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.handling--;
    }
  }

  fail(e) {
    this.failures.push(`${this.name}: ${e.name}: ${e.message}`);
  }

  // settled: no offer being made and no message being handled (as the
  // machine's idle), so that both drivers are timed to the same point.
  get settled() { return !this.makingOffer && this.handling === 0; }
}
