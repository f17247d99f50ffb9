// Package messages gives PocketBase's own messages about records in
// Norwegian: the validation errors the admin shows under a field (required,
// unique, length, number, format, file size and type, …) and the sentence
// above them. Our own checks already speak Norwegian; this covers the ones
// PocketBase makes, for the admin, the API and saves from Go alike.
package messages

import (
	"errors"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// byCode are the Norwegian texts of PocketBase's validation errors, by
// error code. {{.x}} is filled in from the error's parameters. Like
// PocketBase's, they end without a full stop: the API adds one.
var byCode = map[string]string{
	"validation_required":                  "Feltet må fylles ut",
	"validation_nil_or_not_empty_required": "Feltet må fylles ut",
	"validation_not_unique":                "Verdien er allerede brukt av en annen post. Velg en annen",
	"validation_max_text_constraint":       "Teksten kan være høyst {{.max}} tegn",
	"validation_min_text_constraint":       "Teksten må være minst {{.min}} tegn",
	"validation_length_too_long":           "Teksten kan være høyst {{.max}} tegn",
	"validation_length_too_short":          "Teksten må være minst {{.min}} tegn",
	"validation_length_out_of_range":       "Teksten må være mellom {{.min}} og {{.max}} tegn",
	"validation_invalid_format":            "Verdien har ikke riktig form",
	"validation_match_invalid":             "Verdien har ikke riktig form",
	"validation_max_number_constraint":     "Tallet kan være høyst {{.max}}",
	"validation_min_number_constraint":     "Tallet må være minst {{.min}}",
	"validation_only_int_constraint":       "Bare hele tall, uten desimaler",
	"validation_not_a_number":              "Skriv et tall",
	"validation_invalid_value":             "Verdien er ikke et av valgene",
	"validation_in_invalid":                "Verdien er ikke et av valgene",
	"validation_too_many_values":           "Velg høyst {{.maxSelect}}",
	"validation_not_enough_values":         "Velg minst {{.minSelect}}",
	"validation_invalid_url":               "Skriv en hel nettadresse, for eksempel https://www.vestreviken.no/",
	"validation_is_url":                    "Skriv en hel nettadresse, for eksempel https://www.vestreviken.no/",
	"validation_url_domain_not_allowed":    "Nettadressen er ikke tillatt her",
	"validation_is_email":                  "Skriv en gyldig e-postadresse",
	"validation_email_domain_not_allowed":  "E-postadressen er ikke tillatt her",
	"validation_date_invalid":              "Skriv en gyldig dato",
	"validation_invalid_date":              "Skriv en gyldig dato",
	"validation_missing_rel_records":       "Noe av det som er valgt, finnes ikke lenger. Velg på nytt",
	"validation_too_many_files":            "Du kan laste opp høyst {{.maxSelect}} fil(er) her",
	"validation_file_size_limit":           "Filen {{.file}} er for stor: høyst {{.maxSize}} byte",
	"validation_invalid_mime_type":         "Filtypen kan ikke brukes her",
	"validation_invalid_file":              "Filen kan ikke brukes her",
	"validation_invalid_json":              "Verdien må være gyldig JSON",
	"validation_values_mismatch":           "Verdiene er ikke like.",
}

// translate puts every PocketBase validation message in err into
// Norwegian, in place: the maps of validation errors are changed where
// they are, however the error is wrapped or joined, so that every holder
// of the error sees the Norwegian text. Messages it has no text for are
// left as they are.
func translate(err error) {
	switch e := err.(type) {
	case validation.Errors:
		for field, fieldErr := range e {
			if nested, ok := fieldErr.(validation.Errors); ok {
				translate(nested)
			} else if ve, ok := fieldErr.(validation.Error); ok {
				if text, ok := byCode[ve.Code()]; ok {
					e[field] = validation.NewError(ve.Code(), text).SetParams(ve.Params())
				}
			}
		}
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			translate(inner)
		}
	case interface{ Unwrap() error }:
		translate(e.Unwrap())
	}
}

// requestMessages are the sentences above the fields when a create, an
// update or a delete is refused.
var requestMessages = map[string]string{
	"create": "Posten ble ikke lagret. Rett det som er merket, og lagre igjen.",
	"update": "Endringen ble ikke lagret. Rett det som er merket, og lagre igjen.",
	"delete": "Posten ble ikke slettet: andre poster viser til den.",
}

// Register translates the errors of every record save, from the admin,
// the API or Go. It runs around every other hook, so it also sees the
// errors of the checks in package records and of the unique indexes.
func Register(app core.App) {
	first := func(f func(*core.RecordEvent) error) *hook.Handler[*core.RecordEvent] {
		return &hook.Handler[*core.RecordEvent]{Func: f, Priority: -1000}
	}
	translateSave := func(e *core.RecordEvent) error {
		err := e.Next()
		translate(err)
		return err
	}
	app.OnRecordCreate().Bind(first(translateSave))
	app.OnRecordUpdate().Bind(first(translateSave))

	request := func(action string) *hook.Handler[*core.RecordRequestEvent] {
		return &hook.Handler[*core.RecordRequestEvent]{Priority: -1000, Func: func(e *core.RecordRequestEvent) error {
			err := e.Next()
			var apiErr *router.ApiError
			// Only PocketBase's own sentence; ours are Norwegian already.
			if errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && strings.HasPrefix(apiErr.Message, "Failed to ") {
				apiErr.Message = requestMessages[action]
			}
			return err
		}}
	}
	app.OnRecordCreateRequest().Bind(request("create"))
	app.OnRecordUpdateRequest().Bind(request("update"))
	app.OnRecordDeleteRequest().Bind(request("delete"))
}
