package browser

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/sdptype"
)

// relay carries signaling between the pion peer (in this process) and the
// page, over HTTP on 127.0.0.1. When armed, its glare gate holds every
// message in both directions until each side has sent an offer, then lets
// both through at once: the two offers cross, a forced glare.
type relay struct {
	mu        sync.Mutex
	toBrowser []json.RawMessage // messages and controls for the next poll
	wake      chan struct{}     // capacity 1: a poll has something to take
	toPion    func(pion.Message)
	armed     bool
	offered   [2]bool // pion, browser offered while armed
	held      [2][]json.RawMessage
	released  int // gates opened with both offers through
	stopped   bool
}

func newRelay() *relay { return &relay{wake: make(chan struct{}, 1)} }

const fromPion, fromBrowser = 0, 1

// arm closes the gate for the next pair of offers.
func (r *relay) arm() {
	r.mu.Lock()
	r.armed, r.offered = true, [2]bool{}
	r.mu.Unlock()
}

// pass routes one message; with the gate armed it is held until both sides
// have offered. Everything happens under r.mu, forwarding included (both
// ends only queue), so no message overtakes another in its direction.
func (r *relay) pass(from int, raw json.RawMessage, offer bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.armed {
		r.forward(from, raw)
		return
	}
	r.held[from] = append(r.held[from], raw)
	r.offered[from] = r.offered[from] || offer
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

// forward delivers one message; r.mu is held.
func (r *relay) forward(from int, raw json.RawMessage) {
	if from == fromBrowser {
		m, err := pion.DecodeMessage(raw)
		if err != nil {
			m = pion.Message{} // Receive reports it: Run ends with pion.ErrMessage
		}
		r.toPion(m) // only queues
		return
	}
	r.queueLocked(raw)
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

// send is the pion Peer's Send.
func (r *relay) send(m pion.Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	r.pass(fromPion, b, m.Description != nil && m.Description.Type == sdptype.Offer)
	return nil
}

func (r *relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch req.URL.Path {
	case "/signal/send":
		b, err := io.ReadAll(req.Body)
		m, derr := pion.DecodeMessage(b)
		if err != nil || derr != nil {
			http.Error(w, fmt.Sprint(err, derr), http.StatusBadRequest)
			return
		}
		r.pass(fromBrowser, b, m.Description != nil && m.Description.Type == sdptype.Offer)
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
