"""The Qt front end. Views call services and hold DTOs; they never hold a Session or an ORM object."""
