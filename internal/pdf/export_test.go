package pdf

// DestinationPages is destinationPages, for the tests of the printed
// contents.
var DestinationPages = destinationPages
