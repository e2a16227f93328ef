package browser

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/sdptype"
)

// relay carries signaling between the pion peer (in this process) and the
// page, over HTTP on 127.0.0.1. When armed, its glare gate holds every
// message in both directions until each side has sent an offer, then lets
// both through at once: the two offers cross, a forced glare.
//
// With envelopes, what it carries are envelopes of package delivery (the
// page gets them as {"envelope":..} items); with faults it loses, copies
// and delays (so reorders) what passes the gate.
type relay struct {
	mu        sync.Mutex
	toBrowser []json.RawMessage // messages and controls for the next poll
	wake      chan struct{}     // capacity 1: a poll has something to take
	toPion    func([]byte)      // hands one message or envelope on; called with mu held only without faults
	envelopes bool
	faults    *faults
	armed     bool
	offered   [2]bool         // pion, browser offered while armed
	seen      map[string]bool // offer envelopes seen (offer's key), so that a retransmission is not a new offer
	held      [2][]json.RawMessage
	released  int  // gates opened with both offers through
	stopped   bool // the test ended: delayed items are dropped
}

// faults are a bad channel's: each item is lost with probability drop,
// else sent twice with probability dup, and each copy is delayed by up to
// maxDelay, drawn from rng (seeded).
type faults struct {
	rng                *rand.Rand
	drop, dup          float64
	maxDelay           time.Duration
	sent, lost, copied int
}

func newRelay() *relay { return &relay{wake: make(chan struct{}, 1)} }

const fromPion, fromBrowser = 0, 1

// stop drops every item still delayed.
func (r *relay) stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// arm closes the gate for the next pair of offers.
func (r *relay) arm() {
	r.mu.Lock()
	r.armed, r.offered = true, [2]bool{}
	r.mu.Unlock()
}

// pass routes one message or envelope; with the gate armed it is held
// until both sides have offered. Without faults everything happens under
// r.mu, forwarding included (both ends only queue), so no message
// overtakes another in its direction.
func (r *relay) pass(from int, raw json.RawMessage) {
	offer, key := r.offer(raw)
	r.mu.Lock()
	defer r.mu.Unlock()
	// A retransmitted envelope of an earlier offer (not yet acknowledged,
	// maybe lost, maybe from the round before) is no new offer.
	newOffer := offer && (key == "" || !r.seen[key])
	if offer && key != "" {
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		r.seen[key] = true
	}
	if !r.armed {
		r.forward(from, raw)
		return
	}
	r.held[from] = append(r.held[from], raw)
	r.offered[from] = r.offered[from] || newOffer
	if !r.offered[fromPion] || !r.offered[fromBrowser] {
		return
	}
	for from, msgs := range r.held {
		for _, m := range msgs {
			r.forward(from, m)
		}
	}
	r.held, r.armed = [2][]json.RawMessage{}, false
	r.released++
}

// offer reports whether raw carries an offer and, with envelopes, a key
// that every copy of it shares: the sender's session and epoch (a restart
// numbers its messages from 1 again) and the envelope's seq. Without
// envelopes nothing is copied and the key is "".
func (r *relay) offer(raw json.RawMessage) (bool, string) {
	var m pion.Message
	key := ""
	if r.envelopes {
		e, err := delivery.DecodeEnvelope(raw)
		if err != nil {
			return false, ""
		}
		m, key = e.Message, fmt.Sprintf("%s/%d/%d", e.From, e.FromEpoch, e.Seq)
	} else if err := json.Unmarshal(raw, &m); err != nil {
		return false, ""
	}
	return m.Description != nil && m.Description.Type == sdptype.Offer, key
}

// forward delivers one item, or with faults loses, copies and delays it;
// r.mu is held.
func (r *relay) forward(from int, raw json.RawMessage) {
	f := r.faults
	if f == nil {
		r.deliver(from, raw)
		return
	}
	f.sent++
	if f.rng.Float64() < f.drop {
		f.lost++
		return
	}
	copies := 1
	if f.rng.Float64() < f.dup {
		f.copied++
		copies = 2
	}
	for range copies {
		d := time.Duration(f.rng.Int64N(int64(f.maxDelay)))
		time.AfterFunc(d, func() {
			r.mu.Lock()
			if r.stopped {
				r.mu.Unlock()
				return
			}
			if from == fromBrowser {
				r.mu.Unlock()
				r.toPion(raw) // without r.mu: a pion.Link transmits from inside Receive
				return
			}
			defer r.mu.Unlock()
			r.deliver(from, raw)
		})
	}
}

// deliver hands one item to its side: r.mu is held, except for toPion
// with faults.
func (r *relay) deliver(from int, raw json.RawMessage) {
	switch {
	case from == fromBrowser:
		r.toPion(raw) // only queues
	case r.envelopes:
		r.queueLocked(append(append([]byte(`{"envelope":`), raw...), '}'))
	default:
		r.queueLocked(raw)
	}
}

// queue adds a message or control for the page's next poll.
func (r *relay) queue(raw json.RawMessage) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queueLocked(raw)
}

func (r *relay) queueLocked(raw json.RawMessage) {
	r.toBrowser = append(r.toBrowser, raw)
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *relay) control(v any) {
	b, _ := json.Marshal(v)
	r.queue(b)
}

// send is the pion Peer's Send (without envelopes).
func (r *relay) send(m pion.Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	r.pass(fromPion, b)
	return nil
}

// transmit is the pion Link's Transmit (with envelopes).
func (r *relay) transmit(b []byte) { r.pass(fromPion, b) }

func (r *relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch req.URL.Path {
	case "/signal/send":
		b, err := io.ReadAll(req.Body)
		if err == nil && r.envelopes {
			_, err = delivery.DecodeEnvelope(b)
		} else if err == nil {
			_, err = pion.DecodeMessage(b)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.pass(fromBrowser, b)
		w.WriteHeader(http.StatusNoContent)
	case "/signal/poll":
		select {
		case <-r.wake:
		case <-time.After(10 * time.Second):
		case <-req.Context().Done():
			return
		}
		r.mu.Lock()
		msgs := r.toBrowser
		r.toBrowser = nil
		r.mu.Unlock()
		if len(msgs) == 0 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(msgs) //nolint:errcheck // the page notices
	default:
		http.NotFound(w, req)
	}
}
