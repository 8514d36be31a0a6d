package version

// Version is the version of openlit-go.
const Version = "0.1.0"
