package aliyun

import "testing"

func TestEndpointAsURL(t *testing.T) {
	g := newGateway(t)
	s := g.settings()
	s.Endpoint, s.Protocol = "http://"+g.addr+"/", ""
	p := mustNew(t, s)
	signedIn(t, p)
	if p.Info().Endpoint != g.addr {
		t.Errorf("endpoint %q", p.Info().Endpoint)
	}
}
