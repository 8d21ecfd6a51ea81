package controlapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// readCode returns the zip that a code field carries, spooled to disk by
// readBody, or nil when it carries none. Only code.zipFile can be served
// locally.
func (h *Handler) readCode(c *call, in *fc.InputCodeLocation) (*codezip.Upload, error) {
	if in == nil {
		return nil, nil
	}
	if dara.StringValue(in.ZipFile) == "" {
		if dara.StringValue(in.OssBucketName) != "" || dara.StringValue(in.OssObjectName) != "" {
			return nil, invalidArg("code.ossBucketName", "the local gateway cannot read OSS; send the zip inline as code.zipFile")
		}
		return nil, nil
	}
	if *in.ZipFile != zipFilePlaceholder || c.upload == nil {
		return nil, fcError(fcspec.CodeInternalServerError, "code.zipFile was not streamed") // splitCode streams every string there
	}
	zip := c.upload
	if want := dara.StringValue(in.Checksum); want != "" && want != zip.Checksum {
		return nil, invalidArg("code.checksum", "is %s, but the CRC-64 of code.zipFile is %s", want, zip.Checksum)
	}
	return zip, nil
}

// installCode unpacks zip as the function's code and records it in f.
func (h *Handler) installCode(f *fc.Function, zip *codezip.Upload) error {
	sum, err := h.cfg.Code.Install(*f.FunctionId, zip)
	if err != nil {
		return err
	}
	f.CodeChecksum = dara.String(sum)
	f.CodeSize = dara.Int64(zip.Size)
	return nil
}

// CodeDir is the unpacked code of a function as stored: the data plane's
// working directory for its instances. It is "" for a function without a
// code package (custom-container).
func (h *Handler) CodeDir(f *fc.Function) string {
	if dara.StringValue(f.CodeChecksum) == "" || dara.StringValue(f.FunctionId) == "" {
		return ""
	}
	return h.cfg.Code.Dir(*f.FunctionId, *f.CodeChecksum)
}

// codeDownloadPath serves GetFunctionCode's URLs, outside FC's API paths.
const codeDownloadPath = "/_wsdeploy/code/"

// codeURLValidity is how long a download URL works, like FC's presigned
// OSS URL.
const codeURLValidity = 10 * time.Minute

func (h *Handler) getFunctionCode(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return nil, err
	}
	f, err := h.cfg.Store.GetFunction(fn)
	if err != nil {
		return nil, err
	}
	if dara.StringValue(f.CodeChecksum) == "" {
		return nil, invalidArg("functionName", "function '%s' runs a container image and has no code package", fn)
	}
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	path := codeDownloadPath + url.PathEscape(*f.FunctionId) + "/" + *f.CodeChecksum + ".zip"
	expires := strconv.FormatInt(c.now.Add(codeURLValidity).Unix(), 10)
	u := url.URL{Scheme: scheme, Host: c.r.Host, Path: path,
		RawQuery: url.Values{"Expires": {expires}, "Signature": {h.signCodeURL(path, expires)}}.Encode()}
	return &fc.OutputFuncCode{Checksum: f.CodeChecksum, Url: dara.String(u.String())}, nil
}

func (h *Handler) signCodeURL(path, expires string) string {
	m := hmac.New(sha256.New, h.codeKey)
	fmt.Fprintf(m, "%s\n%s", path, expires)
	return hex.EncodeToString(m.Sum(nil))
}

// downloadCode serves a zip named by a URL that getFunctionCode signed.
func (h *Handler) downloadCode(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-acs-request-id", newRequestID())
	q := r.URL.Query()
	expires, err := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if err != nil || !hmac.Equal([]byte(q.Get("Signature")), []byte(h.signCodeURL(r.URL.Path, q.Get("Expires")))) {
		http.Error(w, "AccessDenied: the URL's signature is not valid; call GetFunctionCode for a new one", http.StatusForbidden)
		return
	}
	if h.cfg.Now().Unix() > expires {
		http.Error(w, "AccessDenied: the URL has expired; call GetFunctionCode for a new one", http.StatusForbidden)
		return
	}
	id, file := r.PathValue("id"), r.PathValue("file")
	sum, ok := strings.CutSuffix(file, ".zip")
	if !ok {
		http.NotFound(w, r)
		return
	}
	// Streamed from the file: a zip of any size costs no memory.
	f, err := os.Open(h.cfg.Code.ZipPath(id, sum))
	if err != nil {
		http.Error(w, "NoSuchKey: this code version is gone", http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/zip")
	if st, err := f.Stat(); err == nil {
		w.Header().Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	}
	io.Copy(w, f)
}
