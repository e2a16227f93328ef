//go:build js && wasm

// Command wasm exports package negotiation to the browser page as
// globalThis.glare:
//
//	glare.newPeer(role, rollback) -> handle
//	glare.step(handle, input) -> outputJSON, or [outputJSON, sdp1, sdp2...]
//	glare.copied(handle) -> bytes of SDP copied into WebAssembly so far
//	glare.newLink(session, rtoMs) -> handle
//	glare.linkStep(handle, nowMs, kind, text) -> linkOutputJSON
//
// input is a plain object in the form of bridge.Input; the SDP of its
// description is read as a string, never through JSON, since it is most of
// the bytes. The output is bridge.Output as JSON text. SDP crosses once:
// each peer keeps the last heldCount SDP strings the page gave it, and the
// page's own string is passed again instead of a copy: an input that
// repeats one is not read again, and an output description with one is
// written {"type":..,"ref":n}, its SDP the n-th element of the array step
// returns (bridge.Output.AppendJSON). The links are
// bridge.Links (package delivery): kind is send (text a message's JSON),
// receive (an envelope's JSON) or tick (text ""), nowMs is Date.now(), and
// the output is bridge.LinkOutput as JSON text. On bad arguments or input
// every function returns a JavaScript Error object, which the page throws.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/interop/bridge"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

// heldCount is how many SDP strings a peer keeps: enough for every
// description the machine can still output in a real run (the one applied,
// queued remote ones, a deferred offer); an older one is copied again.
// Candidates are not held: written out, one costs less than the array that
// would carry the page's object back (31-43 against 52-55 us a Step).
const heldCount = 8

// held is an SDP string the page gave, read into Go once.
type held struct {
	text string
	page js.Value
}

// peer is what main keeps for one machine beside bridge.Peers.
type peer struct {
	held   []held // oldest first
	copied int    // bytes of SDP read from the page
}

// gcPercent is GOGC for the page: a Step allocates a parse of tens of
// kilobytes of SDP and the live heap is small, so at the default 100 the
// collector runs every few Steps, on the page's one thread. 400 made time
// in Step 8% shorter in Chromium's stress glare (46.4 to 42.5 ms a run,
// 15 runs each, alternated), for a heap of a few megabytes more.
const gcPercent = 400

func main() {
	debug.SetGCPercent(gcPercent)
	var peers bridge.Peers
	var links bridge.Links
	var pages []*peer // by handle
	glare := js.Global().Get("Object").New()
	glare.Set("newPeer", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[1].Type() != js.TypeString {
			return fail("newPeer(role, rollback): rollback is explicit, implicit or deferred")
		}
		mode, ok := map[string]negotiation.RollbackMode{"explicit": negotiation.ExplicitRollback,
			"implicit": negotiation.ImplicitRollback, "deferred": negotiation.NoRollback}[args[1].String()]
		if !ok {
			return fail("newPeer: rollback is explicit, implicit or deferred")
		}
		h, err := peers.New(args[0].String(), negotiation.Options{Rollback: mode})
		if err != nil {
			return fail(err.Error())
		}
		pages = append(pages, &peer{})
		return h
	}))
	glare.Set("step", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeObject {
			return fail("step(handle, input)")
		}
		h := args[0].Int()
		if h < 0 || h >= len(pages) {
			return fail("step: unknown handle")
		}
		pg := pages[h]
		in, err := input(args[1], pg)
		if err != nil {
			return fail(err.Error())
		}
		out, err := peers.Step(h, in)
		if err != nil {
			return fail(err.Error())
		}
		ret := []any{nil}
		b, err := out.AppendJSON(nil, func(sdp string) int {
			for _, x := range pg.held {
				if x.text == sdp {
					ret = append(ret, x.page)
					return len(ret) - 1
				}
			}
			return 0
		})
		if err != nil {
			return fail(err.Error())
		}
		if len(ret) == 1 {
			return string(b)
		}
		ret[0] = string(b)
		return ret
	}))
	glare.Set("copied", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber || args[0].Int() < 0 || args[0].Int() >= len(pages) {
			return fail("copied(handle)")
		}
		return pages[args[0].Int()].copied
	}))
	glare.Set("newLink", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeNumber {
			return fail("newLink(session, rtoMs)")
		}
		h, err := links.New(args[0].String(), delivery.Options{RTO: time.Duration(args[1].Float() * float64(time.Millisecond))})
		if err != nil {
			return fail(err.Error())
		}
		return h
	}))
	glare.Set("linkStep", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 4 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber ||
			args[2].Type() != js.TypeString || args[3].Type() != js.TypeString {
			return fail("linkStep(handle, nowMs, kind, text)")
		}
		out, err := links.Step(args[0].Int(), args[1].Float(), args[2].String(), []byte(args[3].String()))
		if err != nil {
			return fail(err.Error())
		}
		b, err := json.Marshal(out)
		if err != nil {
			return fail(err.Error())
		}
		return string(b)
	}))
	js.Global().Set("glare", glare)
	select {} // keep the exported functions alive
}

// input reads a bridge.Input from a plain object, for peer pg: only the
// members its kind has (bridge.Input), since every member read is a call
// into JavaScript.
func input(v js.Value, pg *peer) (bridge.Input, error) {
	in := bridge.Input{Kind: str(v.Get("kind"))}
	switch in.Kind {
	case "negotiationneeded":
		in.FromStack = v.Get("fromStack").Truthy()
	case "description", "createofferdone", "setlocaldone":
		if d := v.Get("description"); d.Truthy() {
			t, err := sdptype.ParseType(str(d.Get("type")))
			if err != nil {
				return in, err
			}
			in.Description = &sdptype.Description{Type: t, SDP: pg.sdp(d.Get("sdp"))}
		}
		if in.Kind == "description" {
			if id := v.Get("offerId"); id.Type() == js.TypeNumber && id.Float() >= 1 {
				in.OfferID = uint64(id.Float())
			}
		}
	case "candidate", "localcandidate":
		if c := v.Get("candidate"); c.Truthy() {
			cand, err := candidate(c)
			if err != nil {
				return in, err
			}
			in.Candidate = &cand
		}
	case "failed":
		if e := v.Get("error"); e.Truthy() {
			in.Error = &bridge.DOMError{Name: str(e.Get("name")), Message: str(e.Get("message"))}
			in.RolledBack = v.Get("rolledBack").Truthy()
		}
	}
	return in, nil
}

// sdp returns the SDP string v as Go text: a held one if the page gave
// this string before (js.Value.Equal: the same string), else a copy, which
// it then holds.
func (pg *peer) sdp(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	for _, x := range pg.held {
		if x.page.Equal(v) {
			return x.text
		}
	}
	text := v.String()
	pg.copied += len(text)
	if len(pg.held) == heldCount {
		pg.held = append(pg.held[:0], pg.held[1:]...)
	}
	pg.held = append(pg.held, held{text, v})
	return text
}

// candidate reads an RTCIceCandidateInit member by member, as
// sdptype.Candidate.UnmarshalJSON reads its JSON: a missing or null member
// is "" (or a null sdpMLineIndex), sdpMLineIndex an integer from 0 to
// 65535, any other type ErrTypeError.
func candidate(v js.Value) (sdptype.Candidate, error) {
	var c sdptype.Candidate
	for _, m := range [...]struct {
		key string
		dst *string
	}{{"candidate", &c.Candidate}, {"sdpMid", &c.SDPMid}, {"usernameFragment", &c.UsernameFragment}} {
		switch x := v.Get(m.key); x.Type() {
		case js.TypeString:
			*m.dst = x.String()
		case js.TypeUndefined, js.TypeNull:
		default:
			return c, fmt.Errorf("%w: candidate: %s is not a string", sdptype.ErrTypeError, m.key)
		}
	}
	switch x := v.Get("sdpMLineIndex"); x.Type() {
	case js.TypeNumber:
		f := x.Float()
		if f != math.Trunc(f) || f < 0 || f > math.MaxUint16 {
			return c, fmt.Errorf("%w: candidate: sdpMLineIndex %v is not an integer from 0 to 65535", sdptype.ErrTypeError, f)
		}
		c.SDPMLineIndex = sdptype.Index(uint16(f))
	case js.TypeUndefined, js.TypeNull:
	default:
		return c, fmt.Errorf("%w: candidate: sdpMLineIndex is not a number", sdptype.ErrTypeError)
	}
	return c, nil
}

// str is a string member, "" when it is missing, null or not a string.
func str(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// fail returns an Error object; the page throws it when it sees one.
func fail(msg string) any { return js.Global().Get("Error").New("glare: " + msg) }
