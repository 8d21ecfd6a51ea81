// Package slstest is a loopback stand-in for Simple Log Service's GetLogs,
// for the tests of slslogs and of `wsdeploy logs`: the real SLS cannot run
// on a test machine. It checks what a client must get right (the project
// in the Host, SLS's signature header carrying the key id and never the
// secret, the functionName query, ascending order, paging) and answers in
// SLS's shapes, errors included.
package slstest
