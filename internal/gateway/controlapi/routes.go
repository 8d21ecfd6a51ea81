package controlapi

import "github.com/wsdeploy/wsdeploy/providers/fcspec"

// codeOps are the operations whose body may carry code.zipFile: their
// bodies are streamed (see splitCode), not held.
var codeOps = map[string]bool{
	"POST /2023-03-30/functions":     true,
	"PUT /2023-03-30/functions/{fn}": true,
}

// routes maps FC-REFERENCE.md section 1 onto the operations. Path values
// {fn} and {tn} arrive percent-decoded.
func (h *Handler) routes() {
	for pattern, o := range map[string]op{
		"POST /2023-03-30/functions":                         h.createFunction,
		"GET /2023-03-30/functions":                          h.listFunctions,
		"GET /2023-03-30/functions/{fn}":                     h.getFunction,
		"PUT /2023-03-30/functions/{fn}":                     h.updateFunction,
		"DELETE /2023-03-30/functions/{fn}":                  h.deleteFunction,
		"GET /2023-03-30/functions/{fn}/code":                h.getFunctionCode,
		"POST /2023-03-30/functions/{fn}/triggers":           h.createTrigger,
		"GET /2023-03-30/functions/{fn}/triggers":            h.listTriggers,
		"GET /2023-03-30/functions/{fn}/triggers/{tn}":       h.getTrigger,
		"PUT /2023-03-30/functions/{fn}/triggers/{tn}":       h.updateTrigger,
		"DELETE /2023-03-30/functions/{fn}/triggers/{tn}":    h.deleteTrigger,
		"PUT /2023-03-30/functions/{fn}/concurrency":         h.putConcurrency,
		"GET /2023-03-30/functions/{fn}/concurrency":         h.getConcurrency,
		"DELETE /2023-03-30/functions/{fn}/concurrency":      h.deleteConcurrency,
		"PUT /2023-03-30/functions/{fn}/provision-config":    h.putProvision,
		"GET /2023-03-30/functions/{fn}/provision-config":    h.getProvision,
		"DELETE /2023-03-30/functions/{fn}/provision-config": h.deleteProvision,
		"GET /2023-03-30/provision-configs":                  h.listProvisions,
		"POST /2023-03-30/tags-v2":                           h.tagResources,
		"DELETE /2023-03-30/tags-v2":                         h.untagResources,
		"GET /2023-03-30/tags-v2":                            h.listTagResources,
		"POST /2023-03-30/custom-domains":                    h.createCustomDomain,
		"GET /2023-03-30/custom-domains":                     h.listCustomDomains,
		"GET /2023-03-30/custom-domains/{domain}":            h.getCustomDomain,
		"PUT /2023-03-30/custom-domains/{domain}":            h.updateCustomDomain,
		"DELETE /2023-03-30/custom-domains/{domain}":         h.deleteCustomDomain,
		// Anything else, after authentication, is FC's PathNotSupported.
		"/": h.notSupported,
	} {
		h.mux.Handle(pattern, h.serve(o, codeOps[pattern]))
	}
	for pattern, o := range h.sessionRoutes() {
		h.mux.Handle(pattern, h.serve(o, false))
	}
	h.mux.Handle("GET /2023-03-30/functions/{fn}/instances", h.serve(h.listInstances, false))
	// The code download is presigned (like the OSS URL FC returns), not
	// ACS3-signed: clients fetch it with a plain GET.
	h.mux.HandleFunc("GET "+codeDownloadPath+"{id}/{file}", h.downloadCode)
}

func (h *Handler) notSupported(c *call) (any, error) {
	return nil, fcError(fcspec.CodePathNotSupported, "'%s' against '%s' is not supported", c.r.Method, c.r.URL.Path)
}
