'use strict';
// The browser's RTCPeerConnections behind the conformance suite's Stack
// (signaling/signalingtest), driven by the Go test one call at a time:
// kitNew() makes one, with an audio transceiver and a data channel, and
// returns its handle; kitCall(handle, op, arg) runs one operation and
// returns what the suite reads after it:
//
//   {error: {name, message, errorDetail} | null, applied: {type, sdp} | null,
//    state, slots: {pendingLocal, currentLocal, pendingRemote, currentRemote}, events: [state...]}
//
// op is setLocal ({type, sdp}: no type is setLocalDescription(), no sdp
// the parameterless form of that type), setRemote ({type, sdp}: no type is
// a description without one), addCandidate (RTCIceCandidateInit, "" for
// a null sdpMid or usernameFragment), state or close. Events are the
// signalingState read in each signalingstatechange handler since the last
// call.
const kit = { pcs: [], events: [], typed: null };

// kitTyped reports, once per page, whether setLocalDescription({type})
// without sdp works here (the W3C text: create a description of that
// type and apply it); kit.typedError is the refusal. Chromium 148
// refuses it; 156 and Firefox take it.
function kitTyped() {
  if (!kit.typed) {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    kit.typed = pc.setLocalDescription({ type: 'offer' }).then(() => true, e => {
      kit.typedError = `${e.name}: ${e.message}`;
      return false;
    }).finally(() => pc.close());
  }
  return kit.typed;
}

// kitSetLocalTyped is setLocalDescription({type}); where the browser
// refuses that form (kitTyped), it does what the W3C text says it does:
// creates the offer or answer, then applies it.
async function kitSetLocalTyped(pc, type) {
  if (await kitTyped()) return pc.setLocalDescription({ type });
  const d = type === 'offer' ? await pc.createOffer() : await pc.createAnswer();
  return pc.setLocalDescription({ type, sdp: d.sdp });
}

function kitNew() {
  const pc = new RTCPeerConnection();
  pc.addTransceiver('audio');
  pc.createDataChannel('conformance');
  const h = kit.pcs.length;
  kit.pcs.push(pc);
  kit.events.push([]);
  pc.addEventListener('signalingstatechange', () => kit.events[h].push(pc.signalingState));
  return h;
}

async function kitCall(h, op, arg) {
  const pc = kit.pcs[h];
  let error = null;
  let applied = null;
  try {
    switch (op) {
      case 'setLocal':
        if (!arg.type) await pc.setLocalDescription();
        else if (!arg.sdp && arg.type !== 'rollback') await kitSetLocalTyped(pc, arg.type);
        else await pc.setLocalDescription(arg);
        applied = kitDescription(() => pc.localDescription);
        break;
      case 'setRemote':
        await pc.setRemoteDescription(arg.type ? arg : { sdp: arg.sdp });
        break;
      case 'addCandidate': {
        const init = { ...arg };
        for (const k of ['sdpMid', 'usernameFragment']) if (init[k] === '') init[k] = null;
        await pc.addIceCandidate(init);
        break;
      }
      case 'close':
        pc.close();
        break;
      case 'state':
        break;
      default:
        throw new Error(`kitCall: unknown op ${op}`);
    }
  } catch (e) {
    error = { name: e.name || 'Error', message: e.message || String(e), errorDetail: e.errorDetail || '' };
  }
  const events = kit.events[h];
  kit.events[h] = [];
  return {
    error,
    applied,
    state: pc.signalingState,
    slots: {
      pendingLocal: kitDescription(() => pc.pendingLocalDescription),
      currentLocal: kitDescription(() => pc.currentLocalDescription),
      pendingRemote: kitDescription(() => pc.pendingRemoteDescription),
      currentRemote: kitDescription(() => pc.currentRemoteDescription),
    },
    events,
  };
}

// kitDescription reads a description attribute as {type, sdp}, or null;
// Firefox throws InvalidStateError for every one of them once closed,
// which reads as null here.
function kitDescription(read) {
  try {
    const d = read();
    return d ? { type: d.type, sdp: d.sdp } : null;
  } catch (e) {
    return null;
  }
}
