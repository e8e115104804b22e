Social.signOut();
