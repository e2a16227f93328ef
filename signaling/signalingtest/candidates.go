package signalingtest

import (
	"github.com/glare-rtc/glare/sdptype"
	"github.com/glare-rtc/glare/signaling"
)

// remote is what a candidate check needs of the remote description: its
// first m-section's mid and ufrag, and its number of m-sections.
type remote struct {
	mid, ufrag string
	sections   int
}

func (r *run) remote() remote {
	f, err := sdptype.ParseFacts(r.ref.RemoteDescription().SDP)
	if err != nil || len(f.Media) == 0 {
		return remote{mid: "0"} // no remote description
	}
	return remote{mid: f.Media[0].Mid, ufrag: f.Media[0].ICE.Ufrag, sections: len(f.Media)}
}

func candidateChecks() []check {
	type made func(rd remote) sdptype.Candidate
	host := func(mid string, index int, ufrag string) sdptype.Candidate {
		c := sdptype.Candidate{Candidate: hostLine, SDPMid: mid, UsernameFragment: ufrag}
		if index >= 0 {
			c.SDPMLineIndex = sdptype.Index(uint16(index))
		}
		return c
	}
	end := func(mid string, ufrag string) sdptype.Candidate {
		return sdptype.Candidate{SDPMid: mid, UsernameFragment: ufrag}
	}
	const unknownMid, wrongUfrag = "nope", "wrongufrag"
	var cs []check
	for _, c := range [...]struct {
		id    string
		reach func(r *run)
		make  made
	}{
		{"no-remote-description", reachStable, func(rd remote) sdptype.Candidate { return host(rd.mid, -1, "") }},
		{"no-remote-description/end", reachStable, func(rd remote) sdptype.Candidate { return end(rd.mid, "") }},
		{"mid", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host(rd.mid, -1, rd.ufrag) }},
		{"index", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host("", 0, "") }},
		{"mid-over-index", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host(rd.mid, rd.sections, "") }},
		{"unknown-mid", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host(unknownMid, -1, "") }},
		{"unknown-mid-over-index", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host(unknownMid, 0, "") }},
		{"index-out-of-range", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host("", rd.sections, "") }},
		{"unknown-ufrag", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host(rd.mid, -1, wrongUfrag) }},
		{"no-mid-no-index", reachRemoteOffer, func(rd remote) sdptype.Candidate { return host("", -1, "") }},
		{"end/mid", reachRemoteOffer, func(rd remote) sdptype.Candidate { return end(rd.mid, "") }},
		{"end/all", reachRemoteOffer, func(rd remote) sdptype.Candidate { return end("", "") }},
		{"end/unknown-mid", reachRemoteOffer, func(rd remote) sdptype.Candidate { return end(unknownMid, "") }},
		{"end/unknown-ufrag", reachRemoteOffer, func(rd remote) sdptype.Candidate { return end(rd.mid, wrongUfrag) }},
		{"current-remote", (*run).negotiate, func(rd remote) sdptype.Candidate { return host(rd.mid, -1, rd.ufrag) }},
		{"closed", closedAfterOffer, func(rd remote) sdptype.Candidate { return host(rd.mid, -1, rd.ufrag) }},
		{"closed/no-mid-no-index", closedAfterOffer, func(rd remote) sdptype.Candidate { return host("", -1, "") }},
	} {
		cs = append(cs, check{
			rules: []rule{{"7/" + c.id, GroupAddCandidate, showErr}},
			run:   func(r *run) { c.reach(r); r.checkCandidate(c.make(r.remote())) },
		})
	}
	return cs
}

func reachStable(r *run)      { r.reach(signaling.Stable) }
func reachRemoteOffer(r *run) { r.reach(signaling.HaveRemoteOffer) }

// closedAfterOffer closes a connection that has a remote description.
func closedAfterOffer(r *run) {
	r.reach(signaling.HaveRemoteOffer)
	r.stepClose()
}
