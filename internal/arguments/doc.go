// Package arguments turns wsdeploy's command line into one typed struct per
// verb, as Terraform's internal/command/arguments does: each verb's file
// declares the verb's flags (what help shows) and its Parse function, which
// reads them from urfave/cli's parsed context in one place and checks them,
// with errors that say what to do. The verbs in cmd/wsdeploy read the
// struct, never a flag by its name.
//
// It lives under internal/ beside the views it chooses (views.ViewType
// comes from -json here): only the CLI parses a command line, and nothing
// outside the module should build on its flags' Go shape.
package arguments
