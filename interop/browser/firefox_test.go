package browser

import "testing"

// TestFirefoxRollbackExtmapIDs runs the probe of
// TestChromiumRollbackKeepsExtmapIDs in Firefox: after an offer with a new
// audio m-section is rolled back, explicitly or inside SRD, does a remote
// offer that gives that mid other RTP header extension IDs apply? Firefox
// 153 ESR applies it, as RULES 3 says (a rollback restores the last stable
// state); Chromium refuses it. The control must apply; after a rollback
// either outcome passes, and the figure line says which one this build
// shows.
func TestFirefoxRollbackExtmapIDs(t *testing.T) {
	rollbackExtmap(t, firefox, "InvalidAccessError",
		"applies: the rollback restored the IDs, as RULES 3 says",
		"refused: this Firefox keeps the rolled-back IDs, as Chromium does")
}
