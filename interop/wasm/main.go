//go:build js && wasm

// Command wasm exports package negotiation to the browser page. Its hot
// path is WebAssembly exports, which web/glare.js wraps as glare.step and
// glare.copied:
//
//	glare_reserve(n) -> address of an exchange buffer of at least n bytes
//	glare_step(handle, inputLen, sdpLen, sdpID) -> output length (< 0: an error's)
//	glare_result() -> address of the last output (or error message)
//	glare_copied(handle) -> bytes of SDP copied into WebAssembly so far
//
// The page writes the input into the exchange buffer as bridge.Input JSON
// followed by its description's SDP as raw text (sdpLen bytes, held by the
// peer as sdpID) or names an SDP it gave before (sdpLen 0, sdpID its id);
// bridge.Peers.StepJSON reads them. SDP, most of the bytes, crosses once and
// is never escaped. The output is bridge.Output as JSON, its descriptions
// by reference when the page holds their SDP. A call into syscall/js costs
// 170-260 us when it is the first of a browser task (10-20 us in a loop),
// an export call 10-18 us (1 us in a loop), so everything a Step needs
// crosses in the exchange buffer.
//
// The rest is syscall/js functions on globalThis.glare, off the hot path:
//
//	glare.newPeer(role, rollback[, {chainedCandidates}]) -> handle
//	glare.newLink(session, rtoMs) -> handle
//	glare.linkStep(handle, nowMs, kind, text) -> linkOutputJSON
//
// The links are bridge.Links (package delivery): kind is send (text a
// message's JSON), receive (an envelope's JSON) or tick (text ""), nowMs is
// Date.now(), and the output is bridge.LinkOutput as JSON text. On bad
// arguments they return a JavaScript Error object, which the page throws.
package main

import (
	"encoding/json"
	"errors"
	"runtime/debug"
	"syscall/js"
	"time"
	"unsafe"

	"github.com/glare-rtc/glare/delivery"
	"github.com/glare-rtc/glare/interop/bridge"
	"github.com/glare-rtc/glare/negotiation"
)

var (
	peers bridge.Peers
	links bridge.Links

	exchange []byte // the page writes a Step's input here
	result   []byte // and reads its output here
)

// gcPercent is GOGC for the page: a Step allocates a parse of tens of
// kilobytes of SDP and the live heap is small, so at the default 100 the
// collector runs every few Steps, on the page's one thread. 400 made time
// in Step 8% shorter in Chromium's stress glare (46.4 to 42.5 ms a run,
// 15 runs each, alternated), for a heap of a few megabytes more.
const gcPercent = 400

func main() {
	debug.SetGCPercent(gcPercent)
	result = make([]byte, 0, 1<<12)
	glare := js.Global().Get("Object").New()
	glare.Set("newPeer", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 || len(args) > 3 || args[1].Type() != js.TypeString || len(args) == 3 && args[2].Type() != js.TypeObject {
			return fail("newPeer(role, rollback, {chainedCandidates}): rollback is explicit, implicit or deferred")
		}
		mode, ok := map[string]negotiation.RollbackMode{"explicit": negotiation.ExplicitRollback,
			"implicit": negotiation.ImplicitRollback, "deferred": negotiation.NoRollback}[args[1].String()]
		if !ok {
			return fail("newPeer: rollback is explicit, implicit or deferred")
		}
		o := negotiation.Options{Rollback: mode}
		if len(args) == 3 {
			o.ChainedCandidates = args[2].Get("chainedCandidates").Truthy()
		}
		h, err := peers.New(args[0].String(), o)
		if err != nil {
			return fail(err.Error())
		}
		return h
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

// address is the linear-memory address of b's array, which the page reads
// and writes; Go's collector does not move it.
func address(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

// reserve returns the exchange buffer's address, its length n or more.
//
//go:wasmexport glare_reserve
func reserve(n uint32) uint32 {
	if exchange == nil || uint32(len(exchange)) < n {
		exchange = make([]byte, max(n, 1<<16))
	}
	return address(exchange)
}

// resultAddress returns where the last Step's output is.
//
//go:wasmexport glare_result
func resultAddress() uint32 { return address(result[:cap(result)]) }

// copied returns the bytes of SDP the page copied in for handle h, or -1.
//
//go:wasmexport glare_copied
func copied(h int32) int32 { return int32(peers.Copied(int(h))) }

// step feeds the input in the exchange buffer (inputLen bytes of JSON,
// then sdpLen of SDP) to the machine of handle h and leaves its output in
// result: its length, or minus the length of an error's message.
//
//go:wasmexport glare_step
func step(h int32, inputLen, sdpLen, sdpID uint32) int32 {
	out, err := []byte(nil), errExchange
	if uint64(inputLen)+uint64(sdpLen) <= uint64(len(exchange)) {
		out, err = peers.StepJSON(int(h), exchange[:inputLen], string(exchange[inputLen:inputLen+sdpLen]), sdpID, result[:0])
	}
	if err != nil {
		result = append(result[:0], err.Error()...)
		return -int32(len(result))
	}
	result = out
	return int32(len(out))
}

var errExchange = errors.New("glare_step: lengths beyond the exchange buffer")

// fail returns an Error object; the page throws it when it sees one.
func fail(msg string) any { return js.Global().Get("Error").New("glare: " + msg) }
