// Once a passkey is made (django-otp-webauthn's script announces it), carry on to the
// recovery codes, as the authenticator-app form does on the server.
document.addEventListener("otp_webauthn.register_complete", () => {
  document.getElementById("passkey-added").submit();
});
