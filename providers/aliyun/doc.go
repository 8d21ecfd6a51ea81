// Package aliyun is the Function Compute 3.0 provider: the official
// fc-20230330 SDK with credentials from credentials-go's default chain.
package aliyun
