// Package sdptest builds real SDP with pion/sdp for tests: offers and
// answers with the mids, ICE credentials, directions and BUNDLE group a test
// asks for, in the form browsers write (CRLF line ends).
package sdptest

import (
	"strconv"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/pion/sdp/v3"
)

// Section describes one m-section.
type Section struct {
	Mid       string            // a=mid; "" leaves it out
	Kind      string            // "audio", "video" or "application"; "" is "audio"
	Rejected  bool              // port 0
	Direction sdptype.Direction // 0 writes no direction attribute
}

// Spec describes a whole SDP.
type Spec struct {
	Sections []Section
	Ufrag    string // ice-ufrag of every section; "" leaves it out
	Pwd      string // ice-pwd; "" derives one from Ufrag
	Version  uint64 // o= session version
	NoBundle bool   // leave out a=group:BUNDLE (by default every non-rejected mid)
}

// Build returns the SDP text of spec, marshalled by pion/sdp.
func Build(spec Spec) string {
	d := sdp.SessionDescription{
		Origin: sdp.Origin{
			Username: "-", SessionID: 4242, SessionVersion: spec.Version,
			NetworkType: "IN", AddressType: "IP4", UnicastAddress: "127.0.0.1",
		},
		SessionName:      "-",
		TimeDescriptions: []sdp.TimeDescription{{}},
	}
	var bundle []byte
	for _, s := range spec.Sections {
		m := section(s, spec)
		if s.Mid != "" && !s.Rejected {
			if len(bundle) > 0 {
				bundle = append(bundle, ' ')
			}
			bundle = append(bundle, s.Mid...)
		}
		d.MediaDescriptions = append(d.MediaDescriptions, m)
	}
	if !spec.NoBundle && len(bundle) > 0 {
		d.Attributes = append(d.Attributes, sdp.NewAttribute("group", "BUNDLE "+string(bundle)))
	}
	d.Attributes = append(d.Attributes, sdp.NewAttribute("msid-semantic", " WMS"))
	b, err := d.Marshal()
	if err != nil {
		panic("sdptest: pion could not marshal: " + err.Error()) // a bug in Build, not input
	}
	return string(b)
}

func section(s Section, spec Spec) *sdp.MediaDescription {
	kind := s.Kind
	if kind == "" {
		kind = "audio"
	}
	port := 9
	if s.Rejected {
		port = 0
	}
	m := &sdp.MediaDescription{
		MediaName: sdp.MediaName{
			Media:   kind,
			Port:    sdp.RangedPort{Value: port},
			Protos:  []string{"UDP", "TLS", "RTP", "SAVPF"},
			Formats: []string{"111"},
		},
		ConnectionInformation: &sdp.ConnectionInformation{
			NetworkType: "IN", AddressType: "IP4", Address: &sdp.Address{Address: "0.0.0.0"},
		},
	}
	if kind == "application" {
		m.MediaName.Protos = []string{"UDP", "DTLS", "SCTP"}
		m.MediaName.Formats = []string{"webrtc-datachannel"}
	}
	if spec.Ufrag != "" {
		pwd := spec.Pwd
		if pwd == "" {
			pwd = spec.Ufrag + "pwdpwdpwdpwdpwdpwdpwd"
		}
		m.WithValueAttribute("ice-ufrag", spec.Ufrag).
			WithValueAttribute("ice-pwd", pwd).
			WithValueAttribute("ice-options", "trickle")
	}
	m.WithFingerprint("sha-256", "38:BC:22:E6:A4:E1:C2:49:5B:7A:7C:30:6E:66:FF:02:C5:55:37:33:FA:4D:AE:7C:73:4F:A1:63:04:54:90:BF")
	m.WithValueAttribute("setup", "actpass")
	if s.Mid != "" {
		m.WithValueAttribute("mid", s.Mid)
	}
	if s.Direction != 0 {
		m.WithPropertyAttribute(s.Direction.String())
	}
	if kind == "application" {
		m.WithValueAttribute("sctp-port", "5000")
	} else {
		m.WithPropertyAttribute("rtcp-mux").WithValueAttribute("rtpmap", "111 opus/48000/2")
	}
	return m
}

// Mids returns n sections with mids "0" to "n-1", audio then application
// for the last one when n > 1.
func Mids(n int) []Section {
	s := make([]Section, n)
	for i := range s {
		s[i] = Section{Mid: strconv.Itoa(i), Kind: "audio"}
	}
	if n > 1 {
		s[n-1].Kind = "application"
	}
	return s
}
