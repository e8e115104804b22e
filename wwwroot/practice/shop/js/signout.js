/* Sign-out page: clears the session cookie before the header renders. */
Shop.signOut();
