// Package negotiation will hold Perfect Negotiation as a pure reducer.
package negotiation
