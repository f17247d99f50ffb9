package schema

import "os"

// ApprovalSetting is the environment variable that turns the four-eyes
// rule off ("av"), for a team of one editor. It is on by default.
const ApprovalSetting = "SSU_FIRE_OYNE"

// ApprovalRequired says whether going public needs a second editor's
// approval: a new page, and a working copy, are published only once one
// editor has marked the version ready and another has approved it (or one
// has published it alone, giving a reason). Takedowns never need it.
func ApprovalRequired() bool { return os.Getenv(ApprovalSetting) != "av" }
