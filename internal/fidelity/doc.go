// Package fidelity runs the same tests against the local gateway and
// against real Function Compute, so that a difference between the two is
// caught as a fidelity defect of the gateway rather than found on a first
// real deploy.
//
// A test asks for the Target and deploys through its Provider, the aliyun
// provider in both cases: pointed at a local gateway that the test starts
// in process (the default, as `make test` runs it), or at FC when
// WSDEPLOY_LIVE=1 and credentials and a region are in the environment
// (`make test-live`; Required lists what is needed). Every function a test
// creates is named by the Target (wsdeploy-live-<run id>-<test>), tagged
// with the run (RunTag) and deleted when the test ends, triggers first,
// whether it passed or not; a live run first sweeps what crashed runs left
// behind (Sweep).
//
// The tests: removal_test.go (every optional attribute and block can be
// removed), triggers_test.go (one HTTP trigger per function),
// smoke_test.go (signed and anonymous triggers answer a WebSocket);
// state_test.go (apply waits until FC reports the function settled).
package fidelity
