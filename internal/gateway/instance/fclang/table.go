package fclang

import "github.com/wsdeploy/wsdeploy/providers/fcspec"

// langDir is one language directory of one FC custom runtime.
type langDir struct {
	runtime    string
	fcPath     string // the directory; its bin/ holds exe
	language   string
	exe        string // the interpreter's name in bin/, and the name looked up on the host
	fcVersion  string
	documented bool
}

// table lists the language directories of FC's custom runtimes, from FC's
// "Custom runtime" page (环境信息 / built-in languages, one table per image):
//
//	https://help.aliyun.com/zh/functioncompute/custom-runtime/
//	https://alibabacloud.com/help/zh/functioncompute/overview-10
//	https://help.aliyun.com/document_detail/132044.html
//
// Left out, because a host with the language already has them where FC
// does or FC names no directory: Python 2.7 on custom.debian10 and Python
// 3.11 on custom.debian12 (/usr/bin/python3, the system's), and everything
// on custom (Debian 9), whose page lists versions without directories.
//
// /opt/python3.12 is in the current table for custom.debian12, but is also
// where FC's official layer Python312 mounts (awesome-fc/awesome-layers,
// docs/Python312/README.md): it is mapped, as the table promises it.
//
// Rows with documented false are in no FC table: public bootstraps for
// custom.debian12 use them (exec /var/fc/lang/nodejs22/bin/node, and
// /var/fc/lang/python3.13/bin/python3.13), next to FC's nodejs22 and
// python3.13 MCP runtimes on the same Debian 12 image. Versions unknown.
var table = []langDir{
	{fcspec.RuntimeCustomDebian10, "/var/fc/lang/nodejs20", "nodejs", "node", "v20.10.0", true},
	{fcspec.RuntimeCustomDebian10, "/var/fc/lang/nodejs18", "nodejs", "node", "v18.19.0", true},
	{fcspec.RuntimeCustomDebian10, "/var/fc/lang/python3.10", "python", "python3", "3.10.9", true},

	{fcspec.RuntimeCustomDebian11, "/var/fc/lang/python3.12", "python", "python3", "3.12.4", true},

	{fcspec.RuntimeCustomDebian12, "/opt/python3.12", "python", "python3", "3.12.4", true},
	{fcspec.RuntimeCustomDebian12, "/var/fc/lang/nodejs22", "nodejs", "node", "", false},
	{fcspec.RuntimeCustomDebian12, "/var/fc/lang/python3.13", "python", "python3", "", false},
}
