// Placeholder replaced by the portal's tokenizing payment form.
