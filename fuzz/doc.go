// Package fuzz holds the go test -fuzz targets of glare and the rapid
// properties they share with the ordinary test run. Run one target with
//
//	go test ./fuzz -run '^$' -fuzz '^FuzzFacts$' -fuzztime 30s
//
// or every target in turn with make fuzz FUZZTIME=30s. The seed corpora are
// in testdata/fuzz/ and run with every go test.
package fuzz
