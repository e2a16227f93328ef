package pion_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/glare-rtc/glare/interop/pion"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/signaling"
	"github.com/pion/webrtc/v4"
)

// Signaling is an ordered, reliable channel to the other peer, such as a
// WebSocket. Here it is one end of a pair of Go channels.
type Signaling struct {
	out chan<- []byte
	in  <-chan []byte
}

func (s Signaling) Send(b []byte) error { s.out <- b; return nil }

func (s Signaling) Receive() ([]byte, error) {
	b, ok := <-s.in
	if !ok {
		return nil, io.EOF
	}
	return b, nil
}

// negotiate wires pc to the signaling channel, the part to copy: a Peer
// whose messages are JSON. Run it, then make changes to pc.
func negotiate(pc *webrtc.PeerConnection, myID, peerID string, sig Signaling) (*pion.Peer, error) {
	role, err := negotiation.RoleFor(myID, peerID) // the smaller ID is polite
	if err != nil {
		return nil, err
	}
	p, err := pion.New(pc, role, pion.Options{
		Send: func(m pion.Message) error {
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			return sig.Send(b)
		},
	})
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			b, err := sig.Receive()
			if err != nil {
				break
			}
			m, err := pion.DecodeMessage(b)
			if err != nil {
				break
			}
			p.Receive(m) // in order; Receive only queues
		}
		_ = p.Close() // the channel is closed or broken: Run returns
	}()
	return p, nil
}

// Two pion peers in one process negotiate a data channel. Only the
// impolite one ("bob", the ID that sorts last) makes changes: pion cannot
// roll back, so the polite one must never have to.
func Example() {
	aliceToBob, bobToAlice := make(chan []byte, 64), make(chan []byte, 64)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runs := make(chan error, 2)
	var peers []*pion.Peer
	for _, side := range []struct {
		id, peerID string
		sig        Signaling
	}{
		{"alice", "bob", Signaling{out: aliceToBob, in: bobToAlice}},
		{"bob", "alice", Signaling{out: bobToAlice, in: aliceToBob}},
	} {
		pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			fmt.Println(err)
			return
		}
		p, err := negotiate(pc, side.id, side.peerID, side.sig)
		if err != nil {
			fmt.Println(err)
			return
		}
		go func() { runs <- p.Run(ctx) }() // the one goroutine that drives pc
		peers = append(peers, p)
	}

	// pion's negotiationneeded starts bob's offer; alice answers.
	if _, err := peers[1].PeerConnection().CreateDataChannel("chat", nil); err != nil {
		fmt.Println(err)
		return
	}
	for deadline := time.Now().Add(10 * time.Second); !negotiated(peers) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	for _, p := range peers {
		m := p.Machine()
		fmt.Printf("%v: %v, data channel negotiated: %v\n", m.Role(), m.State(), negotiated([]*pion.Peer{p}))
	}

	cancel()
	for range peers {
		if err := <-runs; err != nil {
			fmt.Println(err)
		}
	}
	close(aliceToBob) // no Run sends any more; the receivers close the Peers
	close(bobToAlice)
	// Output:
	// polite: stable, data channel negotiated: true
	// impolite: stable, data channel negotiated: true
}

// negotiated reports whether every peer is stable with nothing in flight
// and an application m-section in its current local description.
func negotiated(peers []*pion.Peer) bool {
	for _, p := range peers {
		m, d := p.Machine(), p.PeerConnection().CurrentLocalDescription()
		if m.State() != signaling.Stable || m.Busy() || d == nil || !strings.Contains(d.SDP, "m=application") {
			return false
		}
	}
	return true
}
