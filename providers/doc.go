// Package providers defines what the engine needs from a deployment target:
// the resource types (functions, HTTP triggers) and the provider contract.
// Concrete providers live in sub-packages (aliyun, local) or come from
// plugins; the engine depends only on this package.
package providers
