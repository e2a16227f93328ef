package pion

import (
	"fmt"
	"sync"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

// RollbackSupported reports whether PeerConnections of api can roll back a
// local offer, by trying on a throwaway one: a data channel, createOffer,
// setLocalDescription(offer), then setLocalDescription({type: "rollback"})
// (the W3C form, no SDP), which must succeed and return to stable. A nil
// api probes with pion's defaults and no network interfaces (nothing is
// gathered). The error is for a probe that could not run; a refused
// rollback is false, nil.
func RollbackSupported(api *webrtc.API) (bool, error) {
	refusal, err := probeRollback(api)
	return err == nil && refusal == nil, err
}

// probeRollback returns pion's refusal to roll back (nil if it rolled back)
// or the error that kept the probe from running.
func probeRollback(api *webrtc.API) (refusal, err error) {
	if api == nil {
		api = quietAPI()
	}
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, &Error{Op: "RollbackSupported", Cause: err}
	}
	defer func() {
		if cerr := pc.Close(); cerr != nil && err == nil {
			err = &Error{Op: "RollbackSupported", Cause: cerr}
		}
	}()
	if _, err := pc.CreateDataChannel("probe", nil); err != nil {
		return nil, &Error{Op: "RollbackSupported", Cause: err}
	}
	offer, err := pc.CreateOffer(nil)
	if err == nil {
		err = pc.SetLocalDescription(offer)
	}
	if err != nil {
		return nil, &Error{Op: "RollbackSupported", Cause: err}
	}
	if err := pc.SetLocalDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeRollback}); err != nil {
		return err, nil
	}
	if s := pc.SignalingState(); s != webrtc.SignalingStateStable {
		return fmt.Errorf("rollback left the PeerConnection in %s", s), nil
	}
	return nil, nil
}

// quietAPI is a pion API whose PeerConnections gather nothing.
func quietAPI() *webrtc.API {
	var se webrtc.SettingEngine
	se.SetInterfaceFilter(func(string) bool { return false })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithSettingEngine(se))
}

// defaultProbe is probeRollback(nil), run once per process: the answer
// depends on the pion version only.
var defaultProbe = sync.OnceValues(func() (refusal, err error) { return probeRollback(nil) })
