package signalingtest_test

import (
	"fmt"

	"github.com/glare-rtc/glare/signaling"
	"github.com/glare-rtc/glare/signaling/signalingtest"
)

// The lines a user writes: a Factory that makes one connection of their
// stack (here our reference, set to refuse cross-side rollback as Firefox
// does), its known deviations, and the call. In a test, call
// signalingtest.Conformance(t, factory, options): it fails t on any
// undeclared deviation, and on a declaration that no longer deviates.
func ExampleCheck() {
	factory := signalingtest.Reference(signaling.Options{SameSideRollback: true})
	options := signalingtest.Options{
		Classify: signalingtest.DefaultClassify, // or a function naming the stack's errors
		Declared: map[string]string{
			"4/have-local-offer/remote/rollback": "cross-side rollback is refused (Firefox 153)",
			"5/have-local-offer/remote/rollback": "so the local offer stays",
			"4/have-remote-offer/local/rollback": "cross-side rollback is refused (Firefox 153)",
			"5/have-remote-offer/local/rollback": "so the remote offer stays",
		},
	}
	report := signalingtest.Check(factory, options)

	fmt.Println("ok:", report.OK())
	for _, s := range report.Summary() {
		fmt.Println(s)
	}
	for _, r := range report.Results {
		if r.Declared != "" && r.Group == signalingtest.GroupTransitions {
			fmt.Println(r)
		}
	}
	// Output:
	// ok: true
	// transitions: 49 checks, 47 passed, 2 declared
	// slots: 50 checks, 48 passed, 2 declared
	// parameterless: 6 checks, 6 passed
	// implicit-rollback: 3 checks, 3 passed
	// rollback-sdp: 2 checks, 2 passed
	// error-precedence: 8 checks, 8 passed
	// answer-content: 6 checks, 6 passed
	// add-candidate: 17 checks, 17 passed
	// 4/have-local-offer/remote/rollback: expected ok in stable, events: stable; got InvalidStateError in have-local-offer, events: none
	// 4/have-remote-offer/local/rollback: expected ok in stable, events: stable; got InvalidStateError in have-remote-offer, events: none
}
