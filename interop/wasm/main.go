//go:build js && wasm

// Command wasm exports package negotiation to the browser page as
// globalThis.glare:
//
//	glare.newPeer(role, implicitRollback) -> handle
//	glare.step(handle, input) -> outputJSON
//	glare.newLink(session, rtoMs) -> handle
//	glare.linkStep(handle, nowMs, kind, text) -> linkOutputJSON
//
// input is a plain object in the form of bridge.Input; the SDP of its
// description is read as a string, never through JSON, since it is most of
// the bytes. The output is bridge.Output as JSON text. The links are
// bridge.Links (package delivery): kind is send (text a message's JSON),
// receive (an envelope's JSON) or tick (text ""), nowMs is Date.now(), and
// the output is bridge.LinkOutput as JSON text. On bad arguments or input
// every function returns a JavaScript Error object, which the page throws.
package main

import (
	"encoding/json"
	"syscall/js"
	"time"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/interop/bridge"
	"github.com/glare-rtc/glare/negotiation"
	"github.com/glare-rtc/glare/sdptype"
)

func main() {
	var peers bridge.Peers
	var links bridge.Links
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
		return h
	}))
	glare.Set("step", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeObject {
			return fail("step(handle, input)")
		}
		in, err := input(args[1])
		if err != nil {
			return fail(err.Error())
		}
		out, err := peers.Step(args[0].Int(), in)
		if err != nil {
			return fail(err.Error())
		}
		b, err := out.AppendJSON(nil)
		if err != nil {
			return fail(err.Error())
		}
		return string(b)
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

// input reads a bridge.Input from a plain object.
func input(v js.Value) (bridge.Input, error) {
	in := bridge.Input{Kind: str(v.Get("kind"))}
	if d := v.Get("description"); d.Truthy() {
		t, err := sdptype.ParseType(str(d.Get("type")))
		if err != nil {
			return in, err
		}
		in.Description = &sdptype.Description{Type: t, SDP: str(d.Get("sdp"))}
	}
	if c := v.Get("candidate"); c.Truthy() {
		in.Candidate = new(sdptype.Candidate)
		text := js.Global().Get("JSON").Call("stringify", c).String()
		if err := json.Unmarshal([]byte(text), in.Candidate); err != nil {
			return in, err
		}
	}
	if id := v.Get("offerId"); id.Type() == js.TypeNumber && id.Float() >= 1 {
		in.OfferID = uint64(id.Float())
	}
	if e := v.Get("error"); e.Truthy() {
		in.Error = &bridge.DOMError{Name: str(e.Get("name")), Message: str(e.Get("message"))}
		in.RolledBack = v.Get("rolledBack").Truthy()
	}
	return in, nil
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
